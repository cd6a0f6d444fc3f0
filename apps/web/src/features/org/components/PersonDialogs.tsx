import { useEffect } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useAssignRole, useCreatePerson, useResetPassword, useUpdatePerson, type OrgUnit, type Person, type Role } from '../api';
import { refusalText, roleLabels } from '../model';

export type PersonAction = 'create' | 'edit' | 'role' | 'password';

interface Props {
  action: PersonAction | null;
  person: Person | null;
  units: OrgUnit[];
  onClose: () => void;
}

const titles: Record<PersonAction, string> = { create: '新建人员', edit: '编辑人员', role: '任职', password: '重置密码' };
const roles = Object.keys(roleLabels) as Role[];

/** 新建 / 编辑 / 任职 (with the term's first and last day) / 重置密码, each refusal shown in the dialog. */
export function PersonDialog({ action, person, units, onClose }: Props) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const create = useCreatePerson();
  const update = useUpdatePerson();
  const assign = useAssignRole();
  const reset = useResetPassword();
  const running = { create, edit: update, role: assign, password: reset }[action ?? 'create'];
  const role = Form.useWatch('role', form) as Role | undefined;

  useEffect(() => {
    if (!action) return;
    form.resetFields();
    for (const m of [create, update, assign, reset]) m.reset();
    if (action === 'edit') form.setFieldsValue({ name: person?.name, email: person?.email });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action, person?.id]);

  const submit = async () => {
    const v = await form.validateFields();
    const done = (text: string) => {
      void message.success(text);
      onClose();
    };
    if (action === 'create') create.mutate({ name: v.name, email: v.email, ...(v.password ? { password: v.password } : {}) }, { onSuccess: () => done('已新建人员') });
    if (action === 'edit' && person) update.mutate({ id: person.id, body: { name: v.name, email: v.email } }, { onSuccess: () => done('已保存') });
    if (action === 'password' && person) reset.mutate({ id: person.id, temporaryPassword: v.temporaryPassword }, { onSuccess: () => done('已重置密码，下次登录须修改') });
    if (action === 'role' && person)
      assign.mutate(
        { personId: person.id, role: v.role, ...(v.orgUnitId ? { orgUnitId: v.orgUnitId } : {}), ...(v.startsOn ? { startsOn: v.startsOn } : {}), ...(v.endsOn ? { endsOn: v.endsOn } : {}) },
        { onSuccess: () => done('已任职') },
      );
  };

  return (
    <Modal open={action !== null} title={action ? `${titles[action]}${person ? `：${person.name}` : ''}` : ''} okText="确定" cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={running.isPending} destroyOnHidden>
      {running.error && <Alert type="error" title={refusalText(running.error)} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        {(action === 'create' || action === 'edit') && (
          <>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="email" label="邮箱" rules={[{ required: true, type: 'email', message: '请填写正确的邮箱' }]}>
              <Input />
            </Form.Item>
          </>
        )}
        {action === 'create' && (
          <Form.Item name="password" label="初始密码" extra="可留空：留空则需重置密码后才能登录">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        {action === 'password' && (
          <Form.Item name="temporaryPassword" label="临时密码" rules={[{ required: true, message: '请填写临时密码' }]} extra="对方登录后须立即修改">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        {action === 'role' && (
          <>
            <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
              <Select options={roles.map((r) => ({ value: r, label: roleLabels[r] }))} />
            </Form.Item>
            {role !== 'admin' && (
              <Form.Item name="orgUnitId" label="组织" rules={[{ required: role !== 'auditor', message: '请选择组织' }]} extra={role === 'auditor' ? '留空表示面向整个组织' : undefined}>
                <Select showSearch allowClear optionFilterProp="label" options={units.filter((u) => !u.closedAt).map((u) => ({ value: u.id, label: u.name }))} />
              </Form.Item>
            )}
            <Form.Item name="startsOn" label="开始日期" extra="留空为今天">
              <Input type="date" />
            </Form.Item>
            <Form.Item name="endsOn" label="结束日期" extra="留空为长期">
              <Input type="date" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
