import { lazy, Suspense, useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Spin, Table } from 'antd';
import { messageOf } from '../../../api/errors';
import { downloadStatsXlsx, useStatsTable, type StatsCell, type StatsFigure, type StatsSelection, type StatsTable } from '../api';

// ECharts is heavy: it loads with the first chart of this page, never with the console's first visit.
const FigureChart = lazy(() => import('./FigureChart'));

type Line = StatsTable['rows'][number];

const shown = (value: number | null, unit: string | null) => (value === null ? '—' : unit === '%' ? `${value}%` : String(value));

/** One figure: its chart, its table (every count a button to the rows behind it) and its Excel export. */
export function FigureCard({ figure, selection, onDrill }: { figure: StatsFigure; selection: StatsSelection; onDrill: (cell: StatsCell) => void }) {
  const table = useStatsTable(figure, selection);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const data = table.data;
  const exportXlsx = () => {
    if (!data) return;
    setExporting(true);
    setExportError(null);
    downloadStatsXlsx(figure, selection, data.title)
      .catch(setExportError)
      .finally(() => setExporting(false));
  };
  const columns = data
    ? [
        { key: 'line', title: data.rowHeader, fixed: 'left' as const, render: (_: unknown, line: Line) => line.label },
        ...data.columns.map((c, i) => ({
          key: c.key,
          title: c.unit === '天' ? `${c.label}（天）` : c.label,
          align: 'right' as const,
          render: (_: unknown, line: Line) => (
            <Button
              type="link"
              size="small"
              style={{ padding: 0 }}
              aria-label={`${line.label}·${c.label}：${shown(line.values[i] ?? null, c.unit)}，查看明细`}
              onClick={() => onDrill({ figure, row: line.key, column: c.key, title: `${data.title}：${line.label} · ${c.label}` })}
            >
              {shown(line.values[i] ?? null, c.unit)}
            </Button>
          ),
        })),
      ]
    : [];
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{data?.title ?? ' '}</h2>}
      size="small"
      data-figure={figure}
      extra={
        <Button size="small" icon={<DownloadOutlined />} onClick={exportXlsx} loading={exporting} disabled={!data} aria-label={`导出${data?.title ?? ''} Excel`}>
          导出
        </Button>
      }
    >
      {(table.error ?? exportError) ? <Alert type="error" showIcon role="alert" title={messageOf(table.error ?? exportError)} style={{ marginBottom: 8 }} /> : null}
      {!data ? (
        table.isPending ? <Spin aria-label="加载中" /> : null
      ) : (
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={10}>
            <Suspense fallback={<Spin aria-label="图表加载中" />}>
              <FigureChart figure={figure} table={data} />
            </Suspense>
          </Col>
          <Col xs={24} xl={14}>
            <Table<Line> rowKey="key" size="small" pagination={false} scroll={{ x: 'max-content' }} columns={columns} dataSource={[...data.rows, data.total]} />
          </Col>
        </Row>
      )}
    </Card>
  );
}
