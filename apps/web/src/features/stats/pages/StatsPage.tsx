import { useState } from 'react';
import { Col, Flex, Row, Select, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useStatsUnits } from '../access';
import type { StatsCell } from '../api';
import { DrillDrawer } from '../components/DrillDrawer';
import { FigureCard } from '../components/FigureCard';
import { dashboardFigures, statsYears } from '../model';

/**
 * 统计分析 (智慧党建): the year of a unit's subtree at a glance, every number counted by the API. The unit and year
 * live in the URL, so a link shows the same dashboard.
 */
export default function StatsPage() {
  const [search, setSearch] = useSearchParams();
  const years = statsYears();
  const year = Number(search.get('year')) || new Date().getFullYear();
  const unit = search.get('unit') ?? undefined;
  const selection = { year, ...(unit ? { unit } : {}) };
  const units = useStatsUnits();
  const [cell, setCell] = useState<StatsCell | null>(null);
  const set = (key: 'year' | 'unit', value: string | undefined) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          统计分析
        </Typography.Title>
        <Flex gap={8} wrap>
          <Select
            aria-label="组织"
            style={{ minWidth: 200 }}
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="全部组织"
            value={unit}
            loading={units.isPending}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            onChange={(value?: string) => set('unit', value)}
          />
          <Select aria-label="年度" style={{ width: 110 }} value={year} options={years.map((y) => ({ value: y, label: `${y} 年` }))} onChange={(value: number) => set('year', String(value))} />
        </Flex>
      </Flex>
      <Row gutter={[12, 12]}>
        {dashboardFigures.map((figure) => (
          <Col key={figure} xs={24}>
            <FigureCard figure={figure} selection={selection} onDrill={setCell} />
          </Col>
        ))}
      </Row>
      <DrillDrawer cell={cell} selection={selection} onClose={() => setCell(null)} />
    </>
  );
}
