import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Table, Typography } from 'antd';
import type { Goal } from '../model';

interface Props {
  value?: Goal[];
  onChange?: (goals: Goal[]) => void;
  /** The API's messages by `row.field` (goalErrors), shown beside the cell. */
  errors: ReadonlyMap<string, string>;
}

/** 项目目标: an editable table of goals, each with a measurable target (能量化、可考核: ≥ 40 项, ≥ 95%, a date). */
export function GoalsTable({ value = [], onChange, errors }: Props) {
  const set = (i: number, patch: Partial<Goal>) => onChange?.(value.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  const cell = (i: number, field: keyof Goal, label: string, placeholder: string) => {
    const error = errors.get(`${i}.${field}`);
    const id = `goal-${i}-${field}`;
    return (
      <>
        <Input
          aria-label={`第${i + 1}项${label}`}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
          status={error ? 'error' : undefined}
          value={value[i]?.[field]}
          placeholder={placeholder}
          maxLength={field === 'title' ? 200 : 100}
          onChange={(e) => set(i, { [field]: e.target.value })}
        />
        {error && (
          <Typography.Text id={`${id}-error`} type="danger" role="alert">
            {error}
          </Typography.Text>
        )}
      </>
    );
  };
  return (
    <>
      <Table<Goal & { row: number }>
        size="small"
        pagination={false}
        rowKey="row"
        dataSource={value.map((g, row) => ({ ...g, row }))}
        columns={[
          { title: '目标', key: 'title', render: (_, g) => cell(g.row, 'title', '目标', '如：隐患排查整改') },
          { title: '可考核的目标值', key: 'target', render: (_, g) => cell(g.row, 'target', '目标值', '如：≥ 40 项'), width: '40%' },
          {
            title: '操作',
            key: 'remove',
            width: 48,
            render: (_, g) => (
              <Button type="text" icon={<DeleteOutlined />} aria-label={`删除第${g.row + 1}项目标`} disabled={value.length <= 1} onClick={() => onChange?.(value.filter((_, j) => j !== g.row))} />
            ),
          },
        ]}
      />
      <Button icon={<PlusOutlined />} onClick={() => onChange?.([...value, { title: '', target: '' }])} style={{ marginTop: 8 }}>
        添加目标
      </Button>
    </>
  );
}
