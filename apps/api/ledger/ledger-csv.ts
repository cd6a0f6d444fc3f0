import { csvDocument, formatBeijingTime, itemStatusLabels, severityLabels, type ItemStatus, type Severity } from '../../../libs/domain/index.js';

export interface LedgerCsvRow {
  projectTitle: string | null;
  unitName: string | null;
  description: string | null;
  severity: Severity | null;
  measures: string;
  partyOwnerName: string | null;
  businessOwnerName: string | null;
  status: ItemStatus;
  round: number;
  dueAt: Date;
  overdue: boolean;
  closedAt: Date | null;
  closedOnTime: boolean | null;
  accountable: { since: Date; ownerIds: string[] } | null;
}

const header = ['项目', '单位', '问题描述', '严重程度', '整改措施', '党建责任人', '业务责任人', '状态', '轮次', '整改时限', '是否逾期', '销号时间', '按期销号', '双问责'];

const yesNo = (value: boolean | null): string => (value === null ? '' : value ? '是' : '否');

/** The ledger as Excel opens it (libs/domain csvDocument: no cell can start a formula), times in Beijing time. */
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
      r.round,
      formatBeijingTime(r.dueAt, 'slashed'),
      yesNo(r.overdue),
      r.closedAt ? formatBeijingTime(r.closedAt, 'slashed') : '',
      yesNo(r.closedOnTime),
      yesNo(r.accountable !== null),
    ],
  );
  return csvDocument(header, lines);
}
