import { Button, Flex, Input, Select } from 'antd';
import { projectKindLabels, projectStatusLabels } from '../../../shared/labels';
import type { Filters } from '../model';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

interface Props {
  filters: Filters;
  units: { value: string; label: string }[];
  years: number[];
  /** A change to one filter; the page merges it into the address as it stands then. */
  onChange: (patch: Partial<Filters>) => void;
  onClear: () => void;
}

/** 关键词, 类型, 年度, 组织, 阶段: each change goes to the address at once; 清除 resets them all. */
export function ProjectFilters({ filters, units, years, onChange: set, onClear }: Props) {
  const select = { allowClear: true, style: { minWidth: 140, flex: '1 1 140px' } };
  return (
    <Flex gap={8} wrap role="search" aria-label="筛选项目" style={{ marginBottom: 16 }}>
      <Input.Search
        aria-label="关键词"
        placeholder="项目名称、负责人或组织"
        defaultValue={filters.q}
        key={filters.q ?? ''}
        onSearch={(q) => set({ q: q.trim() || undefined })}
        allowClear
        style={{ flex: '2 1 220px' }}
      />
      <Select {...select} aria-label="项目类型" placeholder="项目类型" value={filters.kind} options={options(projectKindLabels)} onChange={(kind) => set({ kind })} />
      <Select {...select} aria-label="年度" placeholder="年度" value={filters.year} options={years.map((y) => ({ value: y, label: `${y}年度` }))} onChange={(year) => set({ year })} />
      <Select {...select} aria-label="所属组织" placeholder="所属组织（含下级）" value={filters.unit} options={units} onChange={(unit) => set({ unit })} />
      <Select {...select} aria-label="项目阶段" placeholder="项目阶段" value={filters.status} options={options(projectStatusLabels)} onChange={(status) => set({ status })} />
      <Button onClick={onClear}>清除筛选</Button>
    </Flex>
  );
}
