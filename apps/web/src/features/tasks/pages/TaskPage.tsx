import { Alert, Card, Descriptions, Skeleton, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import { taskStatusLabels } from '../../../shared/labels';
import type { TaskPanel } from '../../../shared/task-panel';
import { beijingTime } from '../../../shared/time';
import { useProject, useTask } from '../api';
import { DecisionBar } from '../components/DecisionBar';
import { FlowTimeline } from '../components/FlowTimeline';
import { kindLabelOf } from '../model';

/**
 * One task: what it is about (the project), the chain as a timeline, and the actions its assignee may take now. Work
 * other features handle (a score, a meeting record …) comes in as panels, composed in app/TaskRoute.
 */
export default function TaskPage({ panels = [] }: { panels?: readonly TaskPanel[] }) {
  const { id = '' } = useParams();
  const task = useTask(id);
  const project = useProject(task.data?.projectId);
  if (task.error) return <Alert type="error" title={messageOf(task.error)} showIcon role="alert" />;
  if (!task.data) return <Skeleton active />;
  const t = task.data;
  const p = project.data;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {t.projectTitle ?? t.title}
      </Typography.Title>
      <Card size="small" title={kindLabelOf(t)} style={{ marginBottom: 16 }}>
        <Descriptions
          column={{ xs: 1, sm: 1, md: 2 }}
          size="small"
          items={[
            { key: 'task', label: '事项', children: t.title },
            { key: 'status', label: '状态', children: <>{taskStatusLabels[t.status]}{t.overdue && <Tag color="error" style={{ marginLeft: 8 }}>逾期</Tag>}</> },
            { key: 'due', label: '截止时间', children: t.dueAt ? `${beijingTime(t.dueAt)}（北京时间）` : '—' },
            ...(p
              ? [
                  { key: 'kind', label: '项目类型', children: p.kindLabel },
                  { key: 'unit', label: '所属组织', children: p.orgUnitName ?? '—' },
                  { key: 'owner', label: '负责人', children: p.ownerName ?? '—' },
                  { key: 'year', label: '年度', children: String(p.year) },
                  { key: 'pstatus', label: '项目状态', children: p.statusLabel },
                  { key: 'project', label: '项目详情', children: <Link to={`/projects/${p.id}`}>查看项目</Link> },
                ]
              : []),
          ]}
        />
        {p && p.goals.length > 0 && (
          <>
            <Typography.Title level={2} style={{ fontSize: 15, marginTop: 12 }}>
              项目目标
            </Typography.Title>
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {p.goals.map((g) => (
                <li key={g.title}>
                  {g.title}：{g.target}
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>
      {t.chain && (
        <Card size="small" title={`审批流程 · ${t.chain.purposeLabel ?? ''}`}>
          <FlowTimeline chain={t.chain} currentTaskId={t.id} />
        </Card>
      )}
      {panels.map((Panel, i) => (
        <Panel key={i} task={t} project={p} />
      ))}
      <DecisionBar task={t} />
    </>
  );
}
