import { Alert, Skeleton, Typography } from 'antd';
import { messageOf } from '../../../api/errors';
import { useNotices } from '../api';
import { NoticeList } from '../components/NoticeList';
import { unreadCount } from '../model';

/** 通知: everything I was told (to-dos, reminders, outcomes, copies), newest first. */
export default function NoticesPage() {
  const { data, error, isPending } = useNotices();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        通知 <span aria-label={`${unreadCount(data)} 条未读`}>（未读 {unreadCount(data)}）</span>
      </Typography.Title>
      {error && <Alert type="error" title={messageOf(error)} showIcon role="alert" />}
      {isPending ? <Skeleton active /> : <NoticeList notices={data ?? []} empty="暂无通知" />}
    </>
  );
}
