import { Card, Descriptions } from 'antd';
import type { components } from '../../../api/schema';
import { beijingTime } from '../../../shared/time';
import { deadlineOfExtension, lastRequest, type Task } from '../model';

type ProjectDetail = components['schemas']['ProjectDetailResponseDto'];

/** 延期审批: which due date, when it falls now, and the owner's request with its reason, for the decider to weigh. */
export function ExtensionPanel({ task, project }: { task: Task; project: ProjectDetail | undefined }) {
  const deadline = project && deadlineOfExtension(task, project.deadlines);
  if (!deadline) return null;
  const request = lastRequest(deadline)?.event;
  return (
    <Card size="small" title="延期申请" style={{ marginBottom: 16 }}>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'work', label: '事项', children: deadline.title },
          { key: 'due', label: '现截止时间', children: `${beijingTime(deadline.dueAt)}（北京时间）${deadline.rule ? `，${deadline.rule}` : ''}` },
          { key: 'reason', label: '申请理由', children: request?.reason ?? '—' },
          { key: 'at', label: '申请时间', children: beijingTime(request?.at) },
        ]}
      />
    </Card>
  );
}
