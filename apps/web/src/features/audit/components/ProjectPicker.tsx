import { Select } from 'antd';
import { useAuditProjects } from '../api';

/** One project of those the reader may audit, searched by title. */
export function ProjectPicker({ value, onChange, label }: { value: string | null; onChange: (id: string | null) => void; label: string }) {
  const projects = useAuditProjects();
  return (
    <Select
      aria-label={label}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      placeholder="选择项目"
      loading={projects.isPending}
      value={value ?? undefined}
      onChange={(id?: string) => onChange(id ?? null)}
      options={(projects.data ?? []).map((p) => ({ value: p.id, label: `${p.title}（${p.year}）` }))}
      style={{ width: '100%', maxWidth: 480 }}
    />
  );
}
