import { Alert, Button, Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { messageOf } from '../../../api/errors';
import { beijingTime } from '../../../shared/time';
import { useMarkRead, type Notice } from '../api';
import { isUnread } from '../model';

/** Notices as cards, unread ones tagged, each with 标为已读 and a link to its project. */
export function NoticeList({ notices, empty }: { notices: Notice[]; empty: string }) {
  const markRead = useMarkRead();
  if (notices.length === 0) return <Empty description={empty} />;
  return (
    <>
      {markRead.error && <Alert type="error" title={messageOf(markRead.error)} showIcon role="alert" />}
      <List
        dataSource={notices}
        rowKey="id"
        split={false}
        renderItem={(n) => (
          <List.Item style={{ padding: '6px 0' }}>
            <Card size="small" style={{ width: '100%' }}>
              <Flex vertical gap={4}>
                <Flex gap={8} wrap align="center">
                  {isUnread(n) ? <Tag color="red">未读</Tag> : <Tag>已读</Tag>}
                  <Typography.Text strong={isUnread(n)}>{n.subject}</Typography.Text>
                </Flex>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-line' }}>{n.body}</Typography.Paragraph>
                <Flex gap={12} wrap align="center">
                  <Typography.Text type="secondary">{beijingTime(n.createdAt)}</Typography.Text>
                  {n.projectId && (
                    <Link to={`/projects/${n.projectId}`} onClick={() => isUnread(n) && markRead.mutate(n.id)}>
                      查看项目
                    </Link>
                  )}
                  {isUnread(n) && (
                    <Button size="small" onClick={() => markRead.mutate(n.id)} aria-label={`标为已读：${n.subject}`}>
                      标为已读
                    </Button>
                  )}
                </Flex>
              </Flex>
            </Card>
          </List.Item>
        )}
      />
    </>
  );
}
