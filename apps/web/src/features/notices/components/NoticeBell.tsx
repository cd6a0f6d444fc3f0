import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router';
import { useNotices } from '../api';
import { unreadCount } from '../model';

/** The header's bell: how many notices I have not read, kept current without a reload; opens 通知. */
export function NoticeBell() {
  const navigate = useNavigate();
  const count = unreadCount(useNotices().data);
  return (
    <Badge count={count} size="small" offset={[-4, 4]}>
      <Button size="small" type="text" icon={<BellOutlined />} aria-label={`通知：${count} 条未读`} onClick={() => void navigate('/notices')} />
    </Badge>
  );
}
