import { Empty, List, Tag, Typography } from 'antd';
import { taskKindLabels } from '../../../shared/labels';
import { beijingTime } from '../../../shared/time';
import type { ProjectDetail } from '../model';

type Deadline = ProjectDetail['deadlines'][number];

/** In words; only 已逾期 in colour (antd's green and orange tags fall short of AA contrast, its red, darkened, does not). */
const statusTags: Record<Deadline['status'], { label: string; color?: string }> = {
  open: { label: '进行中' },
  overdue: { label: '已逾期', color: 'error' },
  met: { label: '按时完成' },
  late: { label: '逾期完成' },
};

/** Every due date of the project's year with its rule in words and where it stands. */
export function ProjectDeadlines({ deadlines }: { deadlines: Deadline[] }) {
  if (deadlines.length === 0) return <Empty description="暂无截止事项" />;
  return (
    <List
      size="small"
      dataSource={[...deadlines].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))}
      rowKey="ref"
      renderItem={(d) => (
        <List.Item>
          <div>
            <Typography.Text strong>{d.title}</Typography.Text> <Tag>{taskKindLabels[d.kind]}</Tag>
            <Tag color={statusTags[d.status].color}>{statusTags[d.status].label}</Tag>
            <div>
              <Typography.Text type="secondary">
                截止 {beijingTime(d.dueAt)}（北京时间）{d.rule ? ` · ${d.rule}` : ''}
              </Typography.Text>
            </div>
          </div>
        </List.Item>
      )}
    />
  );
}
