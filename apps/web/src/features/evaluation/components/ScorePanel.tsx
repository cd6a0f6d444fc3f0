import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Typography } from 'antd';
import { useIdempotencyKey } from '../../../api/idempotency';
import { fieldErrors, messageOf } from '../../../api/errors';
import { isMine } from '../../../auth/me';
import type { TaskPanel } from '../../../shared/task-panel';
import { useEvaluation, useScore } from '../api';
import { dimensionTotal, dimensions, maxDimensionScore, scoreBody, type ScoreForm } from '../model';

/** The most a single evaluator may propose (score-v2's cap; a year whose rules give none refuses any, in words). */
const bonusCap = 5;

/** The fields a 400 may name, shown beside them. */
const scoreFields: readonly (keyof ScoreForm)[] = ['comment', 'bonus', 'bonusJustification', ...dimensions.map((d) => d.key)];

/** 考评打分: an evaluator's four dimensions, justification and innovation bonus, on their own open score task. */
export const ScorePanel: TaskPanel = ({ task }) => {
  if (task.kind !== 'score' || task.status !== 'open' || !task.subjectId || !isMine(task.assigneeId)) return null;
  return <ScoreCard evaluationId={task.subjectId} />;
};

function ScoreCard({ evaluationId }: { evaluationId: string }) {
  const [form] = Form.useForm<ScoreForm>();
  const { message } = App.useApp();
  const evaluation = useEvaluation(evaluationId);
  const score = useScore();
  const [idempotencyKey, afterError] = useIdempotencyKey();
  const values = Form.useWatch([], form) ?? {};
  const withBonus = (values.bonus ?? 0) > 0;
  const onFinish = (values: ScoreForm) =>
    score.mutate(
      { evaluationId, body: scoreBody(values), idempotencyKey },
      {
        onSuccess: () => void message.success('评分已提交'),
        onError: (error) => {
          afterError(error);
          form.setFields(fieldErrors(error, scoreFields));
        },
      },
    );
  return (
    <Card size="small" title="考评打分（四维评价）" role="region" aria-label="考评打分" style={{ marginTop: 16 }}>
      <Typography.Title level={2} style={{ fontSize: 15 }}>
        项目自评
      </Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{evaluation.data?.selfAssessment ?? '—'}</Typography.Paragraph>
      {score.error && <Alert type="error" showIcon title={messageOf(score.error)} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Row gutter={12}>
          {dimensions.map(({ key, label }) => (
            <Col key={key} xs={12} md={6}>
              <Form.Item name={key} label={`${label}（0–${maxDimensionScore}）`} rules={[{ required: true, message: `请给${label}打分` }]}>
                <InputNumber min={0} max={maxDimensionScore} step={0.5} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Typography.Paragraph aria-live="polite">四维合计：{dimensionTotal(values)} 分</Typography.Paragraph>
        <Form.Item name="comment" label="评分说明" rules={[{ required: true, whitespace: true, message: '请填写评分说明' }]}>
          <Input.TextArea rows={3} maxLength={5_000} />
        </Form.Item>
        <Form.Item name="bonus" label={`创新加分（选填，0–${bonusCap}）`}>
          <InputNumber min={0} max={bonusCap} step={0.5} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="bonusJustification"
          label={`加分理由${withBonus ? '（必填）' : ''}`}
          rules={[{ required: withBonus, whitespace: true, message: '有创新加分时请写明理由' }]}
        >
          <Input.TextArea rows={2} maxLength={2_000} disabled={!withBonus} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={score.isPending}>
          提交评分
        </Button>
      </Form>
    </Card>
  );
}
