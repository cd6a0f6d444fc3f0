import { Tag, Timeline, Typography } from 'antd';
import type { components } from '../../../api/schema';
import { levelModeLabels, outcomeLabels, taskStatusLabels } from '../../../shared/labels';
import { beijingTime } from '../../../shared/time';

type Chain = components['schemas']['ApprovalChainResponseDto'];
type Step = Chain['steps'][number];

/** A step's state as its timeline dot's colour; the tag beside it says it in words (antd's coloured tags fall short of AA contrast). */
const stateOf = (s: Step): 'processing' | 'success' | 'error' | 'warning' | 'default' =>
  s.status === 'open' ? 'processing' : s.outcome === 'approve' ? 'success' : s.outcome === 'reject' ? 'error' : s.outcome?.startsWith('send_back') ? 'warning' : 'default';
const dotColors = { processing: 'blue', success: 'green', error: 'red', warning: 'orange', default: 'gray' } as const;

/** The chain so far, level by level: who was asked, what they decided, when and why; who is still pending. */
export function FlowTimeline({ chain, currentTaskId }: { chain: Chain; currentTaskId: string }) {
  return (
    <Timeline
      items={chain.steps.map((s) => ({
        key: s.taskId,
        color: dotColors[stateOf(s)],
        content: (
          <div>
            <Typography.Text strong={s.taskId === currentTaskId}>
              第{(s.level ?? 0) + 1}级 · {s.levelUnitName ?? ''} {s.levelMode ? `（${levelModeLabels[s.levelMode]}）` : ''}
            </Typography.Text>
            <div>
              {s.assigneeName ?? '—'}{' '}
              <Tag>{s.status === 'open' ? taskStatusLabels.open : (outcomeLabels[s.outcome ?? ''] ?? taskStatusLabels[s.status])}</Tag>
              {s.overdue && <Tag color="error">逾期</Tag>}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {s.status === 'open' ? `收到于 ${beijingTime(s.openedAt)}${s.dueAt ? `，截止 ${beijingTime(s.dueAt)}` : ''}` : `办理于 ${beijingTime(s.closedAt)}`}
            </Typography.Text>
            {s.decisions
              .filter((d) => d.comment)
              .map((d) => (
                <Typography.Paragraph key={d.decidedAt} style={{ margin: '4px 0 0' }}>
                  意见：{d.comment}
                </Typography.Paragraph>
              ))}
          </div>
        ),
      }))}
    />
  );
}
