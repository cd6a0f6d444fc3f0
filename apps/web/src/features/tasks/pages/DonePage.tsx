import { Alert, Skeleton, Typography } from 'antd';
import { messageOf } from '../../../api/errors';
import { useMyTasks } from '../api';
import { TaskList } from '../components/TaskList';

/** 已办: work I finished, newest first (the API's order). */
export default function DonePage() {
  const { data, error, isPending } = useMyTasks('done');
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        已办
      </Typography.Title>
      {error && <Alert type="error" title={messageOf(error)} showIcon role="alert" />}
      {isPending ? <Skeleton active /> : <TaskList tasks={data ?? []} done />}
    </>
  );
}
