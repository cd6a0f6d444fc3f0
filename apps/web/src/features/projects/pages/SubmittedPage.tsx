import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, List, Skeleton, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { messageOf } from '../../../api/errors';
import { currentSession } from '../../../auth/session';
import { beijingTime } from '../../../shared/time';
import { useMyProjects } from '../api';
import { SubmitterActions } from '../components/SubmitterActions';

/** 我发起的: my projects, newest first, each with 催办 and 撤回 while its launch is undecided. */
export default function SubmittedPage() {
  const { data, error, isPending } = useMyProjects();
  const me = currentSession()?.person.id;
  const navigate = useNavigate();
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 20 }}>
          我发起的
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/projects/new')}>
          新建项目
        </Button>
      </Flex>
      {error && <Alert type="error" title={messageOf(error)} showIcon role="alert" />}
      {isPending ? (
        <Skeleton active />
      ) : (data ?? []).length === 0 ? (
        <Empty description="还没有发起过项目" />
      ) : (
        <List
          dataSource={data}
          rowKey="id"
          split={false}
          renderItem={(p) => (
            <List.Item style={{ padding: '6px 0' }}>
              <Card size="small" style={{ width: '100%' }}>
                <Flex vertical gap={6}>
                  <Flex gap={8} wrap align="center">
                    <Tag>{p.kindLabel}</Tag>
                    <Tag color={p.status === 'sent_back' || p.status === 'rejected' ? 'error' : 'processing'}>{p.statusLabel}</Tag>
                    {p.overdueCount > 0 && <Tag color="error">逾期 {p.overdueCount}</Tag>}
                    <Link to={`/projects/${p.id}`} style={{ fontWeight: 600 }}>
                      {p.title}
                    </Link>
                  </Flex>
                  <Typography.Text type="secondary">
                    {p.year} 年度 · {p.orgUnitName ?? '—'} · 更新于 {beijingTime(p.updatedAt)}
                  </Typography.Text>
                  <SubmitterActions project={p} me={me} />
                </Flex>
              </Card>
            </List.Item>
          )}
        />
      )}
    </>
  );
}
