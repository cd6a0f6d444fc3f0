import { Card, Descriptions, Typography } from 'antd';
import type { TaskPanel } from '../../../shared/task-panel';
import { beijingTime } from '../../../shared/time';
import { useEvaluation } from '../api';
import { dimensions } from '../model';

/** 审定发布: the result to be signed off, with its working and every evaluator's score, bonus and reasons. */
export const ResultPanel: TaskPanel = ({ task, project }) => {
  if (task.purpose !== 'evaluation_publish' || !project?.evaluation) return null;
  return <EvaluationResult evaluationId={project.evaluation.id} />;
};

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

function EvaluationResult({ evaluationId }: { evaluationId: string }) {
  const { data: e } = useEvaluation(evaluationId);
  if (!e) return null;
  const r = e.result;
  return (
    <Card size="small" title="考评结果" role="region" aria-label="考评结果" style={{ marginTop: 16 }}>
      <Descriptions
        column={{ xs: 1, sm: 2, md: 3 }}
        size="small"
        items={[
          { key: 'total', label: '总分', children: e.total ?? '—' },
          { key: 'grade', label: '等次', children: e.gradeLabel ?? '—' },
          { key: 'published', label: '审定发布', children: e.publishedAt ? beijingTime(e.publishedAt) : '待审定' },
          ...(r
            ? [
                { key: 'avg', label: '评委平均分', children: r.evaluatorAverage },
                { key: 'rate', label: '任务分解完成率', children: percent(r.completionRate) },
                { key: 'bonus', label: '创新加分', children: r.bonus ?? 0 },
                { key: 'deduction', label: '逾期扣分', children: r.deduction ?? 0 },
              ]
            : []),
        ]}
      />
      {r?.cappedBecause && <Typography.Paragraph type="secondary">{r.cappedBecause}</Typography.Paragraph>}
      <Typography.Title level={2} style={{ fontSize: 15, marginTop: 12 }}>
        项目自评
      </Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{e.selfAssessment ?? '—'}</Typography.Paragraph>
      <Typography.Title level={2} style={{ fontSize: 15 }}>
        评委打分
      </Typography.Title>
      {e.scores.map((s) => (
        <Descriptions
          key={s.evaluatorId}
          bordered
          size="small"
          column={{ xs: 1, sm: 2, md: 4 }}
          title={<Typography.Text>{`${s.evaluatorName ?? '评委'}：${s.total} 分`}</Typography.Text>}
          style={{ marginBottom: 12 }}
          items={[
            ...dimensions.map(({ key, label }) => ({ key, label, children: s.scores[key] })),
            { key: 'bonus', label: '创新加分', children: s.bonus ?? '—' },
            { key: 'why', label: '加分理由', children: s.bonusJustification ?? '—', span: 3 },
            { key: 'comment', label: '评分说明', children: s.comment, span: 'filled' as const },
          ]}
        />
      ))}
    </Card>
  );
}
