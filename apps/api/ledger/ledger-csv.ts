import { itemStatusLabels, severityLabels, type Severity } from '../../../libs/domain/index.js';
import { formatBeijingTime } from '../../../libs/mail/format.js';

export interface LedgerCsvRow {
  projectTitle: string | null;
  unitName: string | null;
  description: string | null;
  severity: Severity | null;
  measures: string;
  partyOwnerName: string | null;
  businessOwnerName: string | null;
  status: 'open' | 'verifying' | 'closed';
  round: number;
  dueAt: Date;
  overdue: boolean;
  closedAt: Date | null;
  closedOnTime: boolean | null;
  accountable: { since: Date; ownerIds: string[] } | null;
}

const header = ['项目', '单位', '问题描述', '严重程度', '整改措施', '党建责任人', '业务责任人', '状态', '轮次', '整改时限', '是否逾期', '销号时间', '按期销号', '双问责'];

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
const field = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const yesNo = (value: boolean | null): string => (value === null ? '' : value ? '是' : '否');

/**
 * The ledger as Excel opens it: UTF-8 with a byte-order mark (without one Excel reads Chinese text as mojibake),
 * CRLF line ends, times in Beijing time.
 */
export function ledgerCsv(rows: readonly LedgerCsvRow[]): string {
  const lines = rows.map((r) =>
    [
      r.projectTitle ?? '',
      r.unitName ?? '',
      r.description ?? '',
      r.severity ? severityLabels[r.severity] : '',
      r.measures,
      r.partyOwnerName ?? '',
      r.businessOwnerName ?? '',
      itemStatusLabels[r.status],
      String(r.round),
      formatBeijingTime(r.dueAt.toISOString()),
      yesNo(r.overdue),
      r.closedAt ? formatBeijingTime(r.closedAt.toISOString()) : '',
      yesNo(r.closedOnTime),
      yesNo(r.accountable !== null),
    ].map(field),
  );
  return `\uFEFF${[header, ...lines].map((l) => l.join(',')).join('\r\n')}\r\n`;
}
