import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Skeleton, Tag, Typography } from 'antd';
import { newIdempotencyKey } from '../../../api/client';
import { messageOf } from '../../../api/errors';
import type { components } from '../../../api/schema';
import { beijingTime } from '../../../shared/time';
import { useCampaign, useSubmitCampaignReport } from '../api';

type Task = components['schemas']['TaskResponseDto'];
type UnitStatus = components['schemas']['CampaignUnitStatus'];
const unitStatusLabels: Record<UnitStatus, string> = { on_time: '按时报送', late: '逾期报送', missing: '未报送' };

/**
 * 报告任务: what the campaign asks, and this unit's report — to write and send (报送) for its secretary while the task
 * is theirs, or as sent, once per unit.
 */
export function CampaignReportPanel({ task, mine }: { task: Task; mine: boolean }) {
  const campaign = useCampaign(task.campaignId);
  const submit = useSubmitCampaignReport(task.campaignId ?? '');
  const { message } = App.useApp();
  const [key] = useState(newIdempotencyKey);
  const unit = campaign.data?.units.find((u) => u.unitId === task.subjectId);
  const writing = mine && task.status === 'open' && unit?.status === 'missing';
  return (
    <Card size="small" title={campaign.data ? `报告任务 · ${campaign.data.title}` : '报告任务'} style={{ marginBottom: 16 }}>
      {campaign.error && <Alert type="error" showIcon title={messageOf(campaign.error)} role="alert" />}
      {!campaign.data && !campaign.error && <Skeleton active />}
      {campaign.data && (
        <>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{campaign.data.instructions}</Typography.Paragraph>
          {unit && (
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 1, md: 2 }}
              items={[
                { key: 'unit', label: '报送单位', children: unit.unitName },
                { key: 'due', label: '截止时间', children: <>{beijingTime(unit.dueAt)}{unit.overdue && <Tag color="error" style={{ marginLeft: 8 }}>逾期</Tag>}</> },
                { key: 'status', label: '报送情况', children: unitStatusLabels[unit.status] },
                ...(unit.submittedAt ? [{ key: 'by', label: '报送人', children: `${unit.submittedByName ?? '—'}（${beijingTime(unit.submittedAt)}）` }] : []),
              ]}
            />
          )}
          {unit?.submission && (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }} aria-label="报告内容">
              {unit.submission}
            </Typography.Paragraph>
          )}
        </>
      )}
      {submit.error && <Alert type="error" showIcon title={messageOf(submit.error)} role="alert" style={{ marginBottom: 12 }} />}
      {writing && unit && (
        <Form
          layout="vertical"
          onFinish={({ text }: { text: string }) => submit.mutate({ unitId: unit.unitId, text: text.trim(), idempotencyKey: key }, { onSuccess: () => void message.success('报告已报送') })}
        >
          <Form.Item name="text" label="报告内容" rules={[{ required: true, whitespace: true, message: '请填写报告内容' }]}>
            <Input.TextArea rows={6} maxLength={20_000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submit.isPending}>
            报送
          </Button>
        </Form>
      )}
    </Card>
  );
}
