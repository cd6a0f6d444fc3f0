import { Alert, Flex, Skeleton, Tag, Typography } from 'antd';
import { messageOf } from '../../../api/errors';
import { useMyTasks } from '../api';
import { TaskList } from '../components/TaskList';
import { countsByKind, inboxOrder } from '../model';

/** 待办: my open work, counted per kind, overdue first. */
export default function TodoPage() {
  const { data, error, isPending } = useMyTasks('open');
  const tasks = inboxOrder(data ?? []);
  const overdue = tasks.filter((t) => t.overdue).length;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        待办 <span aria-label={`共 ${tasks.length} 项`}>（{tasks.length}）</span>
      </Typography.Title>
      {error && <Alert type="error" title={messageOf(error)} showIcon role="alert" />}
      {isPending ? (
        <Skeleton active />
      ) : (
        <>
          <Flex gap={8} wrap style={{ marginBottom: 12 }} aria-label="按类型统计">
            {countsByKind(tasks).map(({ label, count }) => (
              <Tag key={label}>
                {label} {count}
              </Tag>
            ))}
            {overdue > 0 && <Tag color="error">逾期 {overdue}</Tag>}
          </Flex>
          <TaskList tasks={tasks} />
        </>
      )}
    </>
  );
}
