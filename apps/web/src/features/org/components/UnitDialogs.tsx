import { useEffect } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { beijingTime, beijingToday } from '../../../shared/time';
import { useCreateUnit, useMoveUnit, useRenameUnit, useScheduleTermChange, useTermChange, type OrgUnit, type Person, type RoleTerm, type UnitKind } from '../api';
import { childKinds, isAhead, refusalText, roleLabels, subtreeIds, termMoment, unitKindLabels } from '../model';

export type UnitAction = 'create' | 'rename' | 'move' | 'term';

type TermValues = { effectiveOn: string; effectiveTime?: string; role: 'secretary' | 'member'; fromPersonId: string; toPersonId: string };

interface Props {
  action: UnitAction | null;
  unit: OrgUnit | null;
  units: OrgUnit[];
  people: Person[];
  holders: RoleTerm[];
  onClose: () => void;
}

const titles: Record<UnitAction, string> = { create: '新建下级组织', rename: '改名', move: '调整隶属', term: '换届' };

/** One dialog per action on the selected unit; each shows the API's refusal in place and closes on success. */
export function UnitDialog({ action, unit, units, people, holders, onClose }: Props) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const create = useCreateUnit();
  const rename = useRenameUnit();
  const move = useMoveUnit();
  const term = useTermChange();
  const schedule = useScheduleTermChange();
  // A 换届 is made now or scheduled, whichever its moment asked for at 确定 (the other was reset then).
  const running = action === 'term' ? (schedule.isIdle ? term : schedule) : { create, rename, move }[action ?? 'create'];
  const role = Form.useWatch('role', form) as 'secretary' | 'member' | undefined;

  useEffect(() => {
    if (!action) return;
    form.resetFields();
    create.reset();
    rename.reset();
    move.reset();
    term.reset();
    schedule.reset();
    form.setFieldsValue(action === 'rename' ? { name: unit?.name } : action === 'term' ? { role: 'secretary', effectiveOn: beijingToday() } : {});
    // Reset only when a dialog opens, not on every render of the mutations.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action, unit?.id]);

  const submit = async () => {
    const values = await form.validateFields();
    const done = (text: string) => {
      void message.success(text);
      onClose();
    };
    if (action === 'create') create.mutate({ ...values, ...(unit ? { parentId: unit.id } : {}) }, { onSuccess: () => done('已新建组织') });
    if (action === 'rename' && unit) rename.mutate({ id: unit.id, name: values.name }, { onSuccess: () => done('已改名') });
    if (action === 'move' && unit) move.mutate({ id: unit.id, parentId: values.parentId }, { onSuccess: () => done('已调整隶属') });
    if (action !== 'term' || !unit) return;
    const { effectiveOn, effectiveTime, ...rest } = values as TermValues;
    const effectiveAt = termMoment(effectiveOn, effectiveTime);
    // A moment still ahead is 预约换届: the server carries it out then.
    if (isAhead(effectiveAt, Date.now())) {
      term.reset();
      schedule.mutate({ unitId: unit.id, body: { ...rest, effectiveAt } }, { onSuccess: () => done(`已预约换届：${beijingTime(effectiveAt)} 起生效`) });
    } else {
      schedule.reset();
      term.mutate(
        { unitId: unit.id, body: { ...rest, effectiveOn } },
        { onSuccess: (r) => done(`换届完成：${r.moved.length + r.movedWork.length} 项待办已移交${r.leftOpen.length ? `，${r.leftOpen.length} 项未能移交` : ''}`) },
      );
    }
  };

  const kinds: UnitKind[] = childKinds(unit?.kind ?? null);
  const blocked = unit ? subtreeIds(units, unit.id) : new Set<string>();
  const parents = units.filter((u) => !u.closedAt && u.kind !== 'branch' && !blocked.has(u.id));
  const leaving = holders.filter((h) => h.role === role);

  return (
    <Modal open={action !== null} title={action ? `${titles[action]}${unit ? `：${unit.name}` : ''}` : ''} okText="确定" cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={running.isPending} destroyOnHidden>
      {running.error && <Alert type="error" title={refusalText(running.error)} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        {(action === 'create' || action === 'rename') && (
          <Form.Item name="name" label="组织名称" rules={[{ required: true, whitespace: true, message: '请填写组织名称' }, { max: 100 }]}>
            <Input />
          </Form.Item>
        )}
        {action === 'create' && (
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Select options={kinds.map((k) => ({ value: k, label: unitKindLabels[k] }))} />
          </Form.Item>
        )}
        {action === 'move' && (
          <Form.Item name="parentId" label="新的上级组织" rules={[{ required: true, message: '请选择上级组织' }]}>
            <Select showSearch optionFilterProp="label" options={parents.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        )}
        {action === 'term' && (
          <>
            <Form.Item name="role" label="职务" rules={[{ required: true }]}>
              <Select options={(['secretary', 'member'] as const).map((r) => ({ value: r, label: roleLabels[r] }))} />
            </Form.Item>
            <Form.Item name="fromPersonId" label="原任职人员" rules={[{ required: true, message: '请选择原任职人员' }]}>
              <Select options={leaving.map((h) => ({ value: h.personId, label: h.personName }))} notFoundContent="该职务当前无人在任" />
            </Form.Item>
            <Form.Item name="toPersonId" label="接任人员" rules={[{ required: true, message: '请选择接任人员' }]}>
              <Select showSearch optionFilterProp="label" options={people.map((p) => ({ value: p.id, label: `${p.name}（${p.email}）` }))} />
            </Form.Item>
            <Form.Item name="effectiveOn" label="接任日期" extra="接任起，原任职人员在本组织的待办审批和尚未开始的审批层级移交给接任人员；选择以后的日期或时刻即预约换届，到期自动执行" rules={[{ required: true, message: '请填写接任日期' }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item name="effectiveTime" label="生效时刻" extra="北京时间；不填则为当日零时。所选日期和时刻尚未到来即预约换届">
              <Input type="time" step={1} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
