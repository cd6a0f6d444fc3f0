import { useState } from 'react';
import { Alert, Drawer, Grid, List, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { messageOf } from '../../../api/errors';
import { beijingTime } from '../../../shared/time';
import { useStatsList, type StatsCell, type StatsListItem, type StatsSelection } from '../api';

const pageSize = 20;

const project = (r: StatsListItem) => (r.projectId ? <Link to={`/projects/${r.projectId}`}>{r.projectTitle}</Link> : '—');

const columns = [
  { key: 'subject', title: '事项', render: (_: unknown, r: StatsListItem) => r.subject },
  { key: 'project', title: '项目', render: (_: unknown, r: StatsListItem) => project(r) },
  { key: 'unit', title: '单位', render: (_: unknown, r: StatsListItem) => r.unitName },
  { key: 'state', title: '状态', render: (_: unknown, r: StatsListItem) => <Tag>{r.stateLabel}</Tag> },
  { key: 'due', title: '期限', render: (_: unknown, r: StatsListItem) => (r.dueAt ? beijingTime(r.dueAt) : '—') },
  { key: 'done', title: '完成', render: (_: unknown, r: StatsListItem) => (r.doneAt ? beijingTime(r.doneAt) : '—') },
];

/** The rows behind one number of the dashboard, as the API lists them, a page at a time. */
export function DrillDrawer({ cell, selection, onClose }: { cell: StatsCell | null; selection: StatsSelection; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const list = useStatsList(cell, selection, page, pageSize);
  const isPhone = !Grid.useBreakpoint().md;
  const pagination = { current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage };
  return (
    <Drawer open={cell !== null} onClose={onClose} afterOpenChange={(open) => !open && setPage(1)} title={cell?.title} size={isPhone ? 'default' : 'large'} width={isPhone ? '100%' : 900}>
      {list.error ? <Alert type="error" showIcon role="alert" title={messageOf(list.error)} /> : null}
      <Typography.Paragraph>共 {list.data?.total ?? 0} 条</Typography.Paragraph>
      {isPhone ? (
        <List
          dataSource={list.data?.items ?? []}
          loading={list.isPending}
          pagination={pagination}
          renderItem={(r) => (
            <List.Item key={r.id} style={{ display: 'block' }}>
              <Typography.Text strong>{r.subject}</Typography.Text> <Tag>{r.stateLabel}</Tag>
              <div>
                {project(r)} · {r.unitName}
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Table rowKey="id" size="small" columns={columns} dataSource={list.data?.items ?? []} loading={list.isPending} pagination={pagination} />
      )}
    </Drawer>
  );
}
