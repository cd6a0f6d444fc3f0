import { Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { beijingTime } from '../../../shared/time';
import { kindLabelOf, type Task } from '../model';

/** Rows to a page: a busy secretary's 200 steps draw as fast as 20 (the overdue ones come first). */
const pageSize = 20;

/** Tasks as cards, one per row: the same on a phone and a desktop, each opening its task page; 20 to a page. */
export function TaskList({ tasks, done = false }: { tasks: Task[]; done?: boolean }) {
  if (tasks.length === 0) return <Empty description={done ? '还没有已办事项' : '暂无待办，真好'} />;
  return (
    <List
      dataSource={tasks}
      rowKey="id"
      split={false}
      pagination={tasks.length > pageSize ? { pageSize, showSizeChanger: false, align: 'center' } : false}
      renderItem={(t) => (
        <List.Item style={{ padding: '6px 0' }}>
          <Card size="small" style={{ width: '100%' }}>
            <Flex vertical gap={4}>
              <Flex gap={8} wrap align="center">
                <Tag color="blue">{kindLabelOf(t)}</Tag>
                {t.overdue && <Tag color="error">逾期</Tag>}
                <Link to={`/tasks/${t.id}`} style={{ fontWeight: 600 }}>
                  {t.projectTitle ?? t.title}
                </Link>
              </Flex>
              <Typography.Text type="secondary">
                {t.title}
                {t.levelUnitName ? ` · ${t.levelUnitName}` : ''}
              </Typography.Text>
              <Typography.Text type="secondary">
                {done ? `办理于 ${beijingTime(t.closedAt)}` : t.dueAt ? `截止 ${beijingTime(t.dueAt)}（北京时间）` : `收到于 ${beijingTime(t.createdAt)}`}
              </Typography.Text>
            </Flex>
          </Card>
        </List.Item>
      )}
    />
  );
}
