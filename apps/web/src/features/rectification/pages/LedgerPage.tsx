import { useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Grid, List, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import type { components } from '../../../api/schema';
import { itemStatusLabels, severityLabels } from '../../../shared/labels';
import { beijingTime } from '../../../shared/time';
import { downloadLedgerCsv, useLedger } from '../api';
import { LedgerFilterBar } from '../components/LedgerFilterBar';
import { filtersFrom, searchOf, type LedgerFilters } from '../model';

type Entry = components['schemas']['LedgerEntryResponseDto'];
const pageSize = 20;

const due = (e: Entry) => (
  <>
    {beijingTime(e.dueAt)}
    {e.overdue && <Tag color="error" style={{ marginLeft: 4 }}>逾期</Tag>}
  </>
);
const owners = (e: Entry) => `党建：${e.partyOwnerName ?? '—'}；业务：${e.businessOwnerName ?? '—'}`;

const columns = [
  { key: 'measures', title: '整改措施', render: (_: unknown, e: Entry) => e.measures },
  { key: 'finding', title: '问题', render: (_: unknown, e: Entry) => <>{e.description ?? '—'} {e.severity && <Tag>{severityLabels[e.severity]}</Tag>}</> },
  { key: 'project', title: '项目 / 组织', render: (_: unknown, e: Entry) => `${e.projectTitle ?? '—'} / ${e.unitName ?? '—'}` },
  { key: 'owners', title: '责任人（一岗双责）', render: (_: unknown, e: Entry) => owners(e) },
  { key: 'due', title: '整改期限', render: (_: unknown, e: Entry) => due(e) },
  { key: 'status', title: '状态', render: (_: unknown, e: Entry) => itemStatusLabels[e.status] },
];

/**
 * 整改台账: the rectification items of the reader's subtree, filtered by unit, year, state, severity and overdue. The
 * filters and the page live in the URL, so a link or a reload shows the same list; the export takes the same filters.
 */
export default function LedgerPage() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFrom(search);
  const ledger = useLedger({ ...filters, pageSize });
  const isPhone = !Grid.useBreakpoint().md;
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const go = (next: LedgerFilters) => setSearch(searchOf(next), { replace: true });
  const exportCsv = () => {
    setExporting(true);
    setExportError(null);
    downloadLedgerCsv(filters)
      .catch(setExportError)
      .finally(() => setExporting(false));
  };
  const pagination = { current: filters.page ?? 1, pageSize, total: ledger.data?.total ?? 0, showSizeChanger: false, onChange: (page: number) => go({ ...filters, page }) };
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 20 }}>
          整改台账 <span aria-label={`共 ${ledger.data?.total ?? 0} 项`}>（{ledger.data?.total ?? 0}）</span>
        </Typography.Title>
        <Button icon={<DownloadOutlined />} onClick={exportCsv} loading={exporting}>
          导出 CSV
        </Button>
      </Flex>
      <LedgerFilterBar filters={filters} onChange={go} />
      {(ledger.error ?? exportError) ? <Alert type="error" title={messageOf(ledger.error ?? exportError)} showIcon role="alert" style={{ marginBottom: 12 }} /> : null}
      {isPhone ? (
        <List
          dataSource={ledger.data?.items ?? []}
          loading={ledger.isPending}
          pagination={pagination}
          renderItem={(e) => (
            <List.Item key={e.id} style={{ display: 'block' }}>
              <Typography.Text strong>{e.measures}</Typography.Text> <Tag>{itemStatusLabels[e.status]}</Tag>
              <div>{e.projectTitle ?? '—'} · {owners(e)}</div>
              <div>整改期限 {due(e)}</div>
            </List.Item>
          )}
        />
      ) : (
        <Table rowKey="id" size="small" columns={columns} dataSource={ledger.data?.items ?? []} loading={ledger.isPending} pagination={pagination} />
      )}
    </>
  );
}
