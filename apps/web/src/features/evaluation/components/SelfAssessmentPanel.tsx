import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useIdempotencyKey } from '../../../api/idempotency';
import { fieldErrors, messageOf } from '../../../api/errors';
import { isMine } from '../../../auth/me';
import type { TaskPanel } from '../../../shared/task-panel';
import { useSubmitSelfAssessment } from '../api';

/** 年终自评: the owner's account of the year, on their open self-assessment task; nobody else sees the form. */
export const SelfAssessmentPanel: TaskPanel = ({ task }) => {
  if (task.kind !== 'self_assessment' || task.status !== 'open' || !task.projectId || !isMine(task.assigneeId)) return null;
  return <SelfAssessmentForm projectId={task.projectId} />;
};

function SelfAssessmentForm({ projectId }: { projectId: string }) {
  const [form] = Form.useForm<{ summary: string }>();
  const { message } = App.useApp();
  const submit = useSubmitSelfAssessment();
  const [idempotencyKey, afterError] = useIdempotencyKey();
  const onFinish = ({ summary }: { summary: string }) =>
    submit.mutate(
      { projectId, summary: summary.trim(), idempotencyKey },
      {
        onSuccess: () => void message.success('自评已提交'),
        onError: (error) => {
          afterError(error);
          form.setFields(fieldErrors(error, ['summary'] as const));
        },
      },
    );
  return (
    <Card size="small" title="年终自评" role="region" aria-label="年终自评" style={{ marginTop: 16 }}>
      {submit.error && <Alert type="error" showIcon title={messageOf(submit.error)} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          name="summary"
          label="自评总结（目标完成情况、特色做法、存在不足）"
          rules={[{ required: true, whitespace: true, message: '请填写自评总结' }]}
        >
          <Input.TextArea rows={6} maxLength={20_000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submit.isPending}>
          提交自评
        </Button>
      </Form>
    </Card>
  );
}
