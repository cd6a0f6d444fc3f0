import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { newIdempotencyKey } from '../../../api/client';
import { messageOf } from '../../../api/errors';
import { useSubmitReport } from '../api';
import { latestReport, quarterOfReportTask, type ProjectDetail, type Task } from '../model';
import { ReportView } from './ReportView';

/**
 * 季度报告: the owner writes the quarter's party-building work and business contribution together (一次查、双向评)
 * and submits it for review; everyone else, and the owner afterwards, reads what was submitted.
 */
export function ReportPanel({ task, project, mine }: { task: Task; project: ProjectDetail | undefined; mine: boolean }) {
  const quarter = quarterOfReportTask(task);
  const { message } = App.useApp();
  const submit = useSubmitReport(task.projectId ?? '');
  // One key per report being written: a retry after a lost answer never submits twice.
  const [key] = useState(newIdempotencyKey);
  if (quarter === null) return null;
  const report = project ? latestReport(project.reports, quarter) : undefined;
  const writing = mine && task.status === 'open';
  return (
    <Card size="small" title={`第${quarter}季度报告`} style={{ marginBottom: 16 }}>
      {report && <ReportView report={report} />}
      {/* Outside the form: a refusal stays in view while the page refreshes and the form it no longer offers goes. */}
      {submit.error && <Alert type="error" showIcon title={messageOf(submit.error)} role="alert" style={{ marginBottom: 12 }} />}
      {writing && (
        <Form
          layout="vertical"
          onFinish={({ content }: { content: string }) =>
            submit.mutate({ quarter, content: content.trim(), idempotencyKey: key }, { onSuccess: () => void message.success('报告已提交，等待审核') })
          }
        >
          <Form.Item
            name="content"
            label="报告内容"
            extra="党建工作与业务贡献一并填写（一次查、双向评）"
            rules={[{ required: true, whitespace: true, message: '请填写报告内容' }]}
          >
            <Input.TextArea rows={6} maxLength={20_000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submit.isPending}>
            提交报告
          </Button>
        </Form>
      )}
    </Card>
  );
}
