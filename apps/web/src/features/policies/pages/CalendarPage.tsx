import { useState } from 'react';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Button, Calendar, Card, ConfigProvider, Flex, Grid, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { messageOf } from '../../../api/errors';
import { beijingToday } from '../../../shared/time';
import { useOverrides, useSaveOverrides, useWorkdays } from '../api';
import { OverrideDialog } from '../components/OverrideDialog';
import { calendarKindLabels, type CalendarOverride } from '../model';

const ymd = (d: Dayjs) => d.format('YYYY-MM-DD');

/**
 * 工作日历 (admin): a month at a time, each day marked as the calendar reads it (an override of ours, a published
 * holiday or 调休); choosing a day sets or clears its override. All overrides are listed below the month.
 */
export default function CalendarPage() {
  const isPhone = !Grid.useBreakpoint().md;
  const { message } = App.useApp();
  const [month, setMonth] = useState(() => dayjs(beijingToday()));
  const [editing, setEditing] = useState<string | null>(null);
  const overrides = useOverrides();
  const save = useSaveOverrides();
  // The month's grid shows six weeks: the days around it are read too.
  const first = month.startOf('month').subtract(7, 'day');
  const days = useWorkdays(ymd(first), ymd(first.add(48, 'day')));
  const byDate = new Map((overrides.data ?? []).map((o) => [o.date, o]));
  const dayOf = new Map((days.data?.days ?? []).map((d) => [d.date, d]));

  const apply = (date: string, override: CalendarOverride | null) => {
    const rest = (overrides.data ?? []).filter((o) => o.date !== date);
    save.mutate(override ? [...rest, override] : rest, {
      onSuccess: () => {
        void message.success(override ? `${date} 已设为${calendarKindLabels[override.kind]}` : `${date} 已恢复为发布的日历`);
        setEditing(null);
      },
    });
  };

  // A phone's month is too narrow for words in its cells: one character there, the note in the list below.
  const mark = (date: string) => {
    const override = byDate.get(date);
    if (override) {
      const short = override.kind === 'holiday' ? '休' : '班';
      return <Tag color={override.kind === 'holiday' ? 'red' : 'blue'}>{isPhone || !override.note ? short : `${short} ${override.note}`}</Tag>;
    }
    const day = dayOf.get(date);
    if (day?.source !== 'published') return null;
    return <Tag>{isPhone ? (day.working ? '班' : '假') : day.working ? '调休上班' : '法定假日'}</Tag>;
  };

  return (
    // antd greys the days outside the month and an empty list's words below WCAG AA contrast; a darker grey reads.
    <ConfigProvider theme={{ token: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' } }}>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        工作日历
      </Typography.Title>
      {(overrides.error ?? days.error) && <Alert type="error" showIcon role="alert" title={messageOf(overrides.error ?? days.error)} />}
      {days.data?.warning && <Alert type="warning" showIcon title="部分年份尚未发布节假日安排，按周末推算" style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Calendar
          fullscreen={!isPhone}
          value={month}
          onPanelChange={(value) => setMonth(value)}
          onSelect={(value, { source }) => {
            if (source === 'date') setEditing(ymd(value));
            setMonth(value);
          }}
          headerRender={({ value, onChange }) => (
            <Flex gap={8} align="center" justify="center" style={{ padding: 8 }}>
              <Button aria-label="上个月" icon={<LeftOutlined />} onClick={() => onChange(value.subtract(1, 'month'))} />
              <Typography.Text strong aria-live="polite">
                {value.format('YYYY年M月')}
              </Typography.Text>
              <Button aria-label="下个月" icon={<RightOutlined />} onClick={() => onChange(value.add(1, 'month'))} />
            </Flex>
          )}
          cellRender={(current, info) => (info.type === 'date' ? mark(ymd(current)) : info.originNode)}
        />
      </Card>
      <Card size="small" title="已调整的日期">
        <Table<CalendarOverride>
          size="small"
          rowKey="date"
          pagination={false}
          dataSource={overrides.data ?? []}
          locale={{ emptyText: '没有调整，全部按国家发布的日历' }}
          columns={[
            { key: 'date', title: '日期', dataIndex: 'date' },
            { key: 'kind', title: '调整为', render: (_, o) => calendarKindLabels[o.kind] },
            { key: 'note', title: '说明', render: (_, o) => o.note ?? '—' },
            {
              key: 'edit',
              title: '操作',
              render: (_, o) => (
                <Button size="small" onClick={() => setEditing(o.date)}>
                  修改
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <OverrideDialog key={editing} date={editing} current={byDate.get(editing)} pending={save.isPending} error={save.error} onSave={(o) => apply(editing, o)} onClose={() => setEditing(null)} />
      )}
    </ConfigProvider>
  );
}
