import { Checkbox, Flex, InputNumber, Select } from 'antd';
import { itemStatusLabels, severityLabels } from '../../../shared/labels';
import { useUnits } from '../api';
import type { ItemStatus, LedgerFilters, Severity } from '../model';

const statusOptions = (Object.keys(itemStatusLabels) as ItemStatus[]).map((s) => ({ value: s, label: itemStatusLabels[s] }));
const severityOptions = (Object.keys(severityLabels) as Severity[]).map((s) => ({ value: s, label: severityLabels[s] }));

/** The ledger's filters; each change goes to the URL (and back to the first page). */
export function LedgerFilterBar({ filters, onChange }: { filters: LedgerFilters; onChange: (next: LedgerFilters) => void }) {
  const units = useUnits();
  const set = (patch: Partial<LedgerFilters>) => onChange({ ...filters, ...patch, page: undefined });
  return (
    <Flex gap={8} wrap role="search" aria-label="筛选整改事项" style={{ marginBottom: 12 }}>
      <Select
        aria-label="组织"
        placeholder="全部组织"
        allowClear
        style={{ minWidth: 180 }}
        value={filters.unit}
        onChange={(unit?: string) => set({ unit })}
        options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      />
      <InputNumber aria-label="年度" placeholder="年度" min={2000} max={2100} value={filters.year} onChange={(year) => set({ year: year ?? undefined })} />
      <Select aria-label="整改状态" placeholder="全部状态" allowClear style={{ minWidth: 120 }} value={filters.status} onChange={(status?: ItemStatus) => set({ status })} options={statusOptions} />
      <Select aria-label="严重程度" placeholder="全部程度" allowClear style={{ minWidth: 120 }} value={filters.severity} onChange={(severity?: Severity) => set({ severity })} options={severityOptions} />
      <Checkbox checked={filters.overdue === true} onChange={(e) => set({ overdue: e.target.checked || undefined })}>
        只看逾期
      </Checkbox>
    </Flex>
  );
}
