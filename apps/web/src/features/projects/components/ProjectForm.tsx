import { useState } from 'react';
import { Alert, Button, Flex, Form, Input, InputNumber, Select } from 'antd';
import { ApiError, fieldErrors, messageOf } from '../../../api/errors';
import { PersonSelect } from '../../../shared/PersonSelect';
import { projectKindLabels } from '../../../shared/labels';
import { useOrgUnits } from '../api';
import { goalErrors, type ProjectDraft } from '../model';
import { GoalsTable } from './GoalsTable';

export interface ProjectFormValues extends ProjectDraft {
  ccIds?: string[];
}

interface Props {
  /** draft: everything, with 抄送; revise (after 退回): the title and goals, which is what a resubmission may change. */
  mode: 'draft' | 'revise';
  initial: Partial<ProjectFormValues>;
  /** The buttons: each gets the checked values; a refusal comes back through `error`. */
  actions: { label: string; primary?: boolean; onClick: (values: ProjectFormValues) => void }[];
  pending: boolean;
  error: unknown;
}

const fields = ['title', 'kind', 'year', 'orgUnitId', 'coOwningUnitIds'] as const;

/**
 * A project's launch form: kind, year, unit, co-owning units for 联建共建, goals as a table of measurable targets, 抄送.
 * The API judges each target; its message stands beside the cell it names, and other field messages beside theirs.
 */
export function ProjectForm({ mode, initial, actions, pending, error }: Props) {
  const [form] = Form.useForm<ProjectFormValues>();
  const units = useOrgUnits();
  const kind = Form.useWatch('kind', form);
  const [touched, setTouched] = useState(false);
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  const beside = touched ? new Map<string, string>() : goalErrors(error instanceof ApiError && error.status === 400 ? error.reasons : []);
  const besideField = touched ? [] : fieldErrors(error, fields);
  const errorOf = (name: (typeof fields)[number]) => besideField.find((f) => f.name === name)?.errors.join('；');
  const item = (name: (typeof fields)[number]) => (errorOf(name) ? { validateStatus: 'error' as const, help: errorOf(name) } : {});

  const run = (onClick: (v: ProjectFormValues) => void) => async () => {
    setTouched(false);
    onClick({ ...initial, ...(await form.validateFields()) });
  };

  return (
    <Form form={form} layout="vertical" initialValues={initial} onValuesChange={() => setTouched(true)}>
      {error !== null && error !== undefined && <Alert type="error" showIcon title={messageOf(error)} role="alert" style={{ marginBottom: 12 }} />}
      <Form.Item name="title" label="项目名称" rules={[{ required: true, whitespace: true, message: '请填写项目名称' }]} {...item('title')}>
        <Input maxLength={200} />
      </Form.Item>
      {mode === 'draft' && (
        <>
          <Flex gap={16} wrap>
            <Form.Item name="kind" label="项目类型" rules={[{ required: true, message: '请选择项目类型' }]} style={{ minWidth: 200, flex: 1 }} {...item('kind')}>
              <Select options={Object.entries(projectKindLabels).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]} style={{ width: 120 }} {...item('year')}>
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          <Form.Item name="orgUnitId" label="所属党组织" rules={[{ required: true, message: '请选择所属党组织' }]} {...item('orgUnitId')}>
            <Select options={unitOptions} loading={units.isPending} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          {kind === 'joint_building' && (
            <Form.Item name="coOwningUnitIds" label="联建共建单位" rules={[{ required: true, message: '请选择至少一个联建共建单位' }]} {...item('coOwningUnitIds')}>
              <Select mode="multiple" options={unitOptions} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          )}
        </>
      )}
      <Form.Item name="goals" label="项目目标（能量化、可考核）" rules={[{ required: true, message: '请至少填写一项目标' }]}>
        <GoalsTable errors={beside} />
      </Form.Item>
      {mode === 'draft' && (
        <Form.Item name="ccIds" label="抄送（审批结果将通知他们，选填）">
          <PersonSelect multiple />
        </Form.Item>
      )}
      <Flex gap={8} wrap>
        {actions.map((a) => (
          <Button key={a.label} type={a.primary ? 'primary' : 'default'} loading={pending} onClick={() => void run(a.onClick)().catch(() => undefined)}>
            {a.label}
          </Button>
        ))}
      </Flex>
    </Form>
  );
}
