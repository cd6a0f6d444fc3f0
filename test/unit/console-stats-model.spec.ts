import { chartSeries, readsStats, type StatsTable } from '../../apps/web/src/features/stats/model.js';

const table = {
  figure: 'grades',
  title: '年终考评等次与完成率',
  unitId: null,
  unitName: '全部组织',
  year: 2025,
  rowHeader: '单位',
  columns: ['excellent', 'good', 'pass', 'fail', 'pending', 'total', 'completion_rate'].map((key) => ({ key, label: key, unit: key === 'completion_rate' ? '%' : null })),
  rows: [
    { key: 'a', label: '甲支部', values: [1, 0, 0, 0, 2, 3, 33.3] },
    { key: 'b', label: '乙支部', values: [0, 0, 1, 0, 0, 1, 100] },
  ],
  total: { key: 'total', label: '合计', values: [1, 0, 1, 0, 2, 4, 50] },
} as StatsTable;

describe("the console's statistics model", () => {
  it('charts the count columns as the API counted them: a pie of the total line, bars of the lines', () => {
    expect(chartSeries('grades', table)).toEqual({
      categories: ['合计'],
      series: ['excellent', 'good', 'pass', 'fail', 'pending'].map((name, i) => ({ name, values: [[1, 0, 1, 0, 2][i]] })),
    });
    const bars = chartSeries('accountability', { ...table, columns: [{ key: 'items', label: '问责事项', unit: null }, { key: 'unclosed', label: '仍未销号', unit: null }] });
    expect(bars.categories).toEqual(['甲支部', '乙支部']);
    expect(bars.series).toEqual([
      { name: '问责事项', values: [1, 0] },
      { name: '仍未销号', values: [0, 0] },
    ]);
  });

  it("offers statistics to a committee's member and not to a branch's", () => {
    const units = [
      { id: 'c', parentId: null, kind: 'committee' as const },
      { id: 'b', parentId: 'c', kind: 'branch' as const },
    ];
    expect(readsStats(units, [{ role: 'member', unitId: 'c' }])).toBe(true);
    expect(readsStats(units, [{ role: 'member', unitId: 'b' }])).toBe(false);
  });
});
