import { useState } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { ApiError, messageOf } from '../../../api/errors';
import { severityLabels } from '../../../shared/labels';
import { useSavePolicy } from '../api';
import { digestLabels, dueRuleKindLabels, escalationTargetLabels, panelLabels, placeMessages, type FieldPath, type YearPolicy } from '../model';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const narrow = { style: { minWidth: 140, flex: 1 } };

/** A working-day rule (期末后第 N 个工作日 17:30) or a natural duration (30d), as the policy holds it at `name`. */
function DueSpecFields({ name, label, value }: { name: FieldPath; label: string; value: unknown }) {
  const watched = Form.useWatch([...name, 'kind']) as string | undefined;
  if (typeof value !== 'object' || value === null) {
    return (
      <Form.Item name={name} label={`${label}（时长，如 30d、12h）`}>
        <Input />
      </Form.Item>
    );
  }
  const kind = watched ?? (value as { kind?: string }).kind;
  return (
    <Flex gap={12} wrap>
      <Form.Item name={[...name, 'kind']} label={`${label}规则`} {...narrow}>
        <Select options={options(dueRuleKindLabels)} />
      </Form.Item>
      <Form.Item name={[...name, kind === 'nth_working_day_of_next_month' ? 'n' : 'days']} label={`${label}：第几个工作日`} {...narrow}>
        <InputNumber style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name={[...name, 'at']} label={`${label}：截止时刻（HH:MM）`} {...narrow}>
        <Input />
      </Form.Item>
    </Flex>
  );
}

/** 分级督办: the durations before a due time that remind, and who hears of it after, in turn. */
function LadderFields({ name, title }: { name: FieldPath; title: string }) {
  return (
    <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
      <legend style={{ fontSize: 14, marginBottom: 8 }}>{title}</legend>
      <Form.List name={[...name, 'escalate']}>
        {(rungs, { add, remove }) => (
          <>
            {rungs.map((rung) => (
              <Flex key={rung.key} gap={12} wrap align="end">
                <Form.Item name={[rung.name, 'after']} label={`逾期后第${rung.name + 1}级：时长`} {...narrow}>
                  <Input />
                </Form.Item>
                <Form.Item name={[rung.name, 'to']} label={`逾期后第${rung.name + 1}级：通知`} {...narrow}>
                  <Select options={options(escalationTargetLabels)} />
                </Form.Item>
                <Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={`删除${title}第${rung.name + 1}级`} onClick={() => remove(rung.name)} />
                </Form.Item>
              </Flex>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ after: '1d', to: 'owning_unit_secretary' })} style={{ marginBottom: 16 }}>
              添加督办层级
            </Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}

/**
 * 年度规则 as a form over the policy document itself: every field's name is its path in the document, so the API's
 * message about a field (`quarterly.remindOn[0].at 应为时刻…`) lands beside it. Sections the form does not show (the
 * approval templates, the scoring rules) are saved as they were.
 */
export function PolicyForm({ policy }: { policy: YearPolicy }) {
  const { message } = App.useApp();
  // Untyped names: each is a path into the document, as the API's messages name them.
  const [form] = Form.useForm<Record<string, unknown>>();
  const save = useSavePolicy();
  const [elsewhere, setElsewhere] = useState<string[]>([]);
  const quarterly = policy.quarterly;
  const bySeverity = policy.rectification.bySeverity;

  /** A 400's messages beside the fields they name; the rest above the form. */
  const showRefusal = (error: unknown) => {
    if (!(error instanceof ApiError) || error.status !== 400) return;
    const registered = form.getFieldsError().map((f) => f.name as FieldPath);
    const placed = placeMessages(error.reasons, registered);
    form.setFields(placed.beside);
    setElsewhere(placed.elsewhere);
  };

  const submit = () => {
    setElsewhere([]);
    // The whole document: the fields shown as edited, every other as it was loaded.
    const document = { ...policy, ...(form.getFieldsValue(true) as Partial<YearPolicy>), year: policy.year };
    save.mutate(document, { onSuccess: () => void message.success('年度规则已保存'), onError: showRefusal });
  };

  return (
    <Form form={form} layout="vertical" initialValues={policy as unknown as Record<string, unknown>} onFinish={submit} aria-label={`${policy.year}年度规则`}>
      {save.error !== null && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={messageOf(save.error)}
          description={elsewhere.length > 0 ? elsewhere.map((m) => <div key={m}>{m}</div>) : undefined}
          style={{ marginBottom: 12 }}
        />
      )}
      <Card size="small" title="基本信息" style={{ marginBottom: 16 }}>
        <Form.Item name="version" label="规则版本" extra="项目提交时采用当时的版本，全年不变">
          <Input maxLength={100} />
        </Form.Item>
      </Card>
      <Card size="small" title="季度报告" style={{ marginBottom: 16 }}>
        {quarterly.dueRule ? (
          <>
            <DueSpecFields name={['quarterly', 'dueRule']} label="报告截止" value={quarterly.dueRule} />
            <Typography.Text type="secondary">按工作日提前提醒（T−0 为截止当天）</Typography.Text>
            <Form.List name={['quarterly', 'remindOn']}>
              {(reminders, { add, remove }) => (
                <>
                  {reminders.map((r) => (
                    <Flex key={r.key} gap={12} wrap align="end">
                      <Form.Item name={[r.name, 'workingDaysBefore']} label={`第${r.name + 1}次提醒：提前几个工作日`} {...narrow}>
                        <InputNumber style={{ width: '100%' }} />
                      </Form.Item>
                      <Form.Item name={[r.name, 'at']} label={`第${r.name + 1}次提醒：提醒时刻（HH:MM）`} {...narrow}>
                        <Input />
                      </Form.Item>
                      <Form.Item>
                        <Button icon={<DeleteOutlined />} aria-label={`删除第${r.name + 1}次提醒`} onClick={() => remove(r.name)} />
                      </Form.Item>
                    </Flex>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ workingDaysBefore: 1, at: '09:00' })} style={{ marginBottom: 16 }}>
                    添加提醒
                  </Button>
                </>
              )}
            </Form.List>
          </>
        ) : (
          <Form.List name={['quarterly', 'quarters']}>
            {(quarters) =>
              quarters.map((q) => (
                <Form.Item key={q.key} name={[q.name, 'dueAt']} label={`第${quarterly.quarters[q.name]?.quarter ?? q.name + 1}季度报告截止（如 2026-04-15T17:30:00+08:00）`}>
                  <Input />
                </Form.Item>
              ))
            }
          </Form.List>
        )}
        <LadderFields name={['quarterly', 'ladder']} title="季度报告逾期督办" />
      </Card>
      <Card size="small" title="整改期限" style={{ marginBottom: 16 }}>
        {bySeverity ? (
          (Object.keys(severityLabels) as (keyof typeof severityLabels)[]).map((severity) => (
            <fieldset key={severity} style={{ border: 'none', padding: 0, margin: 0 }}>
              <legend style={{ fontSize: 14, marginBottom: 8 }}>{severityLabels[severity]}问题</legend>
              <DueSpecFields name={['rectification', 'bySeverity', severity, 'due']} label={`${severityLabels[severity]}问题整改`} value={bySeverity[severity]?.due} />
              <DueSpecFields name={['rectification', 'bySeverity', severity, 'reopenDue']} label={`${severityLabels[severity]}问题重新整改`} value={bySeverity[severity]?.reopenDue} />
            </fieldset>
          ))
        ) : (
          <Flex gap={12} wrap>
            <Form.Item name={['rectification', 'dueIn']} label="整改期限（时长，如 30d）" {...narrow}>
              <Input />
            </Form.Item>
            <Form.Item name={['rectification', 'reopenDueIn']} label="重新整改期限（时长）" {...narrow}>
              <Input />
            </Form.Item>
          </Flex>
        )}
      </Card>
      <Card size="small" title="年终考评" style={{ marginBottom: 16 }}>
        <Form.Item name={['evaluation', 'selfAssessmentDueAt']} label="年终自评截止（如 2027-01-31T17:30:00+08:00）">
          <Input />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name={['evaluation', 'scoringDueIn']} label="打分期限（时长，如 10d）" {...narrow}>
            <Input />
          </Form.Item>
          {policy.evaluation.panel !== undefined && (
            <Form.Item name={['evaluation', 'panel']} label="打分人" {...narrow}>
              <Select options={options(panelLabels)} />
            </Form.Item>
          )}
        </Flex>
      </Card>
      {policy.notices !== undefined && (
        <Card size="small" title="通知方式" style={{ marginBottom: 16 }}>
          <Form.Item name={['notices', 'digest']} label="每日汇总（每日待办）">
            <Select options={options(digestLabels)} />
          </Form.Item>
        </Card>
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        保存年度规则
      </Button>
    </Form>
  );
}
