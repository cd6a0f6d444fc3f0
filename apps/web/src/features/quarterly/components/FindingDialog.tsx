import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Select } from 'antd';
import { newIdempotencyKey } from '../../../api/client';
import { messageOf } from '../../../api/errors';
import { severityLabels } from '../../../shared/labels';
import { usePeople, useRaiseFinding } from '../api';
import { findingBody, type FindingForm } from '../model';

const severities = Object.keys(severityLabels) as FindingForm['severity'][];
const emptyItem = { measures: '', partyOwnerId: '', businessOwnerId: '' };

/**
 * 问题清单 → 整改清单: a finding with one or more items, each with what is to be done and both of its owners (一岗双责:
 * the party-building and the business owner). The severity sets the items' due date and how high they climb.
 */
export function FindingDialog({ projectId }: { projectId: string }) {
  const [open, setOpen] = useState<{ key: string } | null>(null);
  const [form] = Form.useForm<FindingForm>();
  const { message } = App.useApp();
  const raise = useRaiseFinding(projectId);
  const people = usePeople(open !== null);
  const options = (people.data ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.email}）` }));
  const owner = (field: number, name: 'partyOwnerId' | 'businessOwnerId', label: string) => (
    <Form.Item name={[field, name]} label={label} rules={[{ required: true, message: `请选择${label}` }]}>
      <Select showSearch={{ optionFilterProp: 'label' }} options={options} loading={people.isPending} placeholder="输入姓名查找" />
    </Form.Item>
  );
  const start = () => {
    raise.reset();
    form.resetFields();
    setOpen({ key: newIdempotencyKey() });
  };
  const finish = (values: FindingForm) =>
    open &&
    raise.mutate(
      { body: findingBody(values), idempotencyKey: open.key },
      {
        onSuccess: (raised) => {
          void message.success(`已提出问题，整改事项 ${raised.items?.length ?? 1} 项`);
          setOpen(null);
        },
      },
    );
  return (
    <>
      <Button onClick={start}>提出问题</Button>
      <Modal open={open !== null} title="提出问题" okText="确定提出" cancelText="取消" onOk={() => form.submit()} okButtonProps={{ loading: raise.isPending }} onCancel={() => setOpen(null)} destroyOnHidden width={640}>
        {raise.error && <Alert type="error" showIcon title={messageOf(raise.error)} role="alert" style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={finish} initialValues={{ severity: 'general', items: [emptyItem] }}>
          <Form.Item name="description" label="问题描述" rules={[{ required: true, whitespace: true, message: '请填写问题描述' }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="severity" label="严重程度" extra="决定整改期限；较重、重大问题逾期直报党委">
            <Radio.Group optionType="button" options={severities.map((s) => ({ value: s, label: severityLabels[s] }))} />
          </Form.Item>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Card
                    key={f.key}
                    size="small"
                    title={`整改事项 ${i + 1}`}
                    style={{ marginBottom: 12 }}
                    extra={fields.length > 1 && <Button size="small" type="link" onClick={() => remove(f.name)} aria-label={`删除整改事项 ${i + 1}`}>删除</Button>}
                  >
                    <Form.Item name={[f.name, 'measures']} label="整改措施" rules={[{ required: true, whitespace: true, message: '请填写整改措施' }]}>
                      <Input maxLength={2000} />
                    </Form.Item>
                    {owner(f.name, 'partyOwnerId', '党建责任人')}
                    {owner(f.name, 'businessOwnerId', '业务责任人')}
                  </Card>
                ))}
                {fields.length < 20 && <Button onClick={() => add(emptyItem)}>增加整改事项</Button>}
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}
