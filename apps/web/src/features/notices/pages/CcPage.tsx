import { Alert, Skeleton, Typography } from 'antd';
import { messageOf } from '../../../api/errors';
import { useNotices } from '../api';
import { NoticeList } from '../components/NoticeList';
import { isCc, unreadCount } from '../model';

/** 抄送我的: the outcomes of requests I was copied in on, unread first counted. */
export default function CcPage() {
  const { data, error, isPending } = useNotices();
  const copies = (data ?? []).filter(isCc);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        抄送我的 <span aria-label={`${unreadCount(copies)} 条未读`}>（未读 {unreadCount(copies)}）</span>
      </Typography.Title>
      {error && <Alert type="error" title={messageOf(error)} showIcon role="alert" />}
      {isPending ? <Skeleton active /> : <NoticeList notices={copies} empty="还没有抄送给您的事项" />}
    </>
  );
}
