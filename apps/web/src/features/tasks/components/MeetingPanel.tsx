import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Typography } from 'antd';
import { useIdempotencyKey } from '../../../api/idempotency';
import { fieldErrors, messageOf } from '../../../api/errors';
import type { TaskPanel } from '../../../shared/task-panel';
import { beijingToday } from '../../../shared/time';
import { useRecordMeeting } from '../api';

interface MeetingForm {
  heldOn: string;
  attendeeIds: string[];
  votesFor: number;
  votesAgainst: number;
  abstentions: number;
  minutesRef: string;
  comment?: string;
}

const votes = [
  { name: 'votesFor', label: '同意票' },
  { name: 'votesAgainst', label: '反对票' },
  { name: 'abstentions', label: '弃权票' },
] as const;

/**
 * 党委前置研究: on a level decided at a committee meeting the secretary records the meeting (who attended, the vote,
 * the minutes) instead of deciding alone; the API offers it (task.meeting) only to them, and checks quorum and majority.
 */
export const MeetingPanel: TaskPanel = ({ task }) => (task.meeting ? <MeetingCard taskId={task.id} members={task.meeting.members} /> : null);

function MeetingCard({ taskId, members }: { taskId: string; members: { id: string; name: string | null }[] }) {
  const [form] = Form.useForm<MeetingForm>();
  const { message } = App.useApp();
  const record = useRecordMeeting();
  const [idempotencyKey, afterError] = useIdempotencyKey();
  const attendance = `出席委员（共 ${members.length} 名）`;
  const onFinish = ({ comment, ...meeting }: MeetingForm) =>
    record.mutate(
      { taskId, body: { meeting: { ...meeting, minutesRef: meeting.minutesRef.trim() }, ...(comment?.trim() ? { comment: comment.trim() } : {}) }, idempotencyKey },
      {
        onSuccess: () => void message.success('会议决定已记录'),
        onError: (error) => {
          afterError(error);
          form.setFields(fieldErrors(error, ['comment'] as const));
        },
      },
    );
  return (
    <Card size="small" title="党委会议记录" role="region" aria-label="党委会议记录" style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">本级由党委会议研究决定：过半数委员到会方可决定，同意票超过全体委员半数为通过。</Typography.Paragraph>
      {record.error && <Alert type="error" showIcon title={messageOf(record.error)} role="alert" style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        requiredMark={false}
        initialValues={{ heldOn: beijingToday(), attendeeIds: [], votesFor: 0, votesAgainst: 0, abstentions: 0 }}
      >
        <Form.Item name="heldOn" label="会议日期" rules={[{ required: true, message: '请填写会议日期' }]}>
          <Input type="date" style={{ maxWidth: 200 }} />
        </Form.Item>
        {/* A validator, not `required`: antd would put aria-required on the group's plain div, which ARIA does not allow. */}
        <Form.Item name="attendeeIds" label={attendance} rules={[{ validator: (_, ids?: string[]) => (ids?.length ? Promise.resolve() : Promise.reject(new Error('请勾选出席的委员'))) }]}>
          <Checkbox.Group role="group" aria-label={attendance} options={members.map((m) => ({ value: m.id, label: m.name ?? m.id }))} />
        </Form.Item>
        <Row gutter={12}>
          {votes.map(({ name, label }) => (
            <Col key={name} xs={8} md={4}>
              <Form.Item name={name} label={label} rules={[{ required: true, message: `请填写${label}` }]}>
                <InputNumber min={0} max={members.length} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item name="minutesRef" label="会议纪要文号" rules={[{ required: true, whitespace: true, message: '请填写会议纪要文号' }]}>
          <Input maxLength={200} placeholder="党委会纪要〔2026〕5号" />
        </Form.Item>
        <Form.Item name="comment" label="会议意见（选填）">
          <Input.TextArea rows={2} maxLength={2_000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={record.isPending}>
          记录会议决定
        </Button>
      </Form>
    </Card>
  );
}
