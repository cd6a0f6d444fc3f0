import { Alert, Card, Grid, List, Skeleton, Table, Typography } from 'antd';
import { messageOf } from '../../../api/errors';
import { beijingTime } from '../../../shared/time';
import { useDuePreview } from '../api';
import type { DuePreviewEntry } from '../model';

// Words, not a coloured tag: antd's warning colours fall short of AA contrast.
const uncovered = <span>（当年节假日未发布，按周末推算）</span>;
const when = (e: DuePreviewEntry) => (e.dueAt ? beijingTime(e.dueAt) : '自提出问题起算');
const reminders = (e: DuePreviewEntry) => (e.remindAt.length > 0 ? e.remindAt.map((r) => beijingTime(r)).join('、') : '—');

/** 截止日期预览: what the saved policy and the working-day calendar make of the year, as a table (cards on a phone). */
export function DuePreview({ year }: { year: number }) {
  const isPhone = !Grid.useBreakpoint().md;
  const preview = useDuePreview(year);
  const entries = preview.data?.entries ?? [];
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={2} style={{ fontSize: 15, margin: 0 }}>
          {`${year}年度截止日期预览`}
        </Typography.Title>
      }
      style={{ marginBottom: 16 }}
    >
      {preview.error && <Alert type="error" showIcon role="alert" title={messageOf(preview.error)} />}
      {preview.isPending && <Skeleton active />}
      {preview.data && isPhone && (
        <List
          dataSource={entries}
          renderItem={(e) => (
            <List.Item key={e.key} aria-label={e.label}>
              <div>
                <Typography.Text strong>{e.label}</Typography.Text>：{when(e)} {!e.covered && uncovered}
                <div>提醒：{reminders(e)}</div>
                <Typography.Text type="secondary">{e.rule}</Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
      {preview.data && !isPhone && (
        <Table<DuePreviewEntry>
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={entries}
          columns={[
            { key: 'label', title: '事项', dataIndex: 'label' },
            { key: 'due', title: '截止时间', render: (_, e) => <>{when(e)} {!e.covered && uncovered}</> },
            { key: 'remind', title: '提醒时间', render: (_, e) => reminders(e) },
            { key: 'rule', title: '规则', dataIndex: 'rule' },
          ]}
        />
      )}
    </Card>
  );
}
