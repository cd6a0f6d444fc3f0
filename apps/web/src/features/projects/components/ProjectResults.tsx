import { Card, Empty, Flex, Grid, List, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Project } from '../model';

const OverdueTag = ({ count }: { count: number }) => (count > 0 ? <Tag color="error">逾期 {count}</Tag> : null);

const title = (p: Project) => (
  <Flex gap={6} wrap align="center">
    <Link to={`/projects/${p.id}`} style={{ fontWeight: 600 }}>
      {p.title}
    </Link>
    <OverdueTag count={p.overdueCount} />
  </Flex>
);

/** The projects found: a table on a desktop, one card per project on a phone. */
export function ProjectResults({ projects, loading }: { projects: Project[]; loading: boolean }) {
  const isPhone = !Grid.useBreakpoint().md;
  const empty = <Empty description="没有符合条件的项目" />;
  if (isPhone) {
    return (
      <List
        loading={loading}
        dataSource={projects}
        rowKey="id"
        split={false}
        locale={{ emptyText: empty }}
        renderItem={(p) => (
          <List.Item style={{ padding: '6px 0' }}>
            <Card size="small" style={{ width: '100%' }}>
              <Flex vertical gap={4}>
                {title(p)}
                <Typography.Text type="secondary">
                  {p.kindLabel} · {p.year}年度 · {p.statusLabel}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {p.orgUnitName ?? '—'} · 负责人 {p.ownerName ?? '—'}
                </Typography.Text>
              </Flex>
            </Card>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<Project>
      loading={loading}
      dataSource={projects}
      rowKey="id"
      size="middle"
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: empty }}
      columns={[
        { key: 'title', title: '项目', render: (_, p) => title(p) },
        { key: 'kind', title: '类型', dataIndex: 'kindLabel' },
        { key: 'year', title: '年度', dataIndex: 'year' },
        { key: 'unit', title: '所属组织', render: (_, p) => p.orgUnitName ?? '—' },
        { key: 'owner', title: '负责人', render: (_, p) => p.ownerName ?? '—' },
        { key: 'status', title: '阶段', dataIndex: 'statusLabel' },
      ]}
    />
  );
}
