import { useEffect, useRef } from 'react';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { StatsFigure, StatsTable } from '../api';
import { chartSeries, figureCharts } from '../model';

// Only what the dashboard draws: bars, pies, axes, tooltips and legends, rendered as SVG (crisp on a phone).
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/**
 * One figure drawn with Apache ECharts. This module (and ECharts with it) is loaded only by the statistics page, through
 * React.lazy; the table beside the chart carries the same numbers for screen readers and drill-down.
 */
export default function FigureChart({ figure, table }: { figure: StatsFigure; table: StatsTable }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    const { categories, series } = chartSeries(figure, table);
    const spec = figureCharts[figure];
    chart.setOption(
      spec.kind === 'pie'
        ? {
            tooltip: { trigger: 'item' },
            legend: { bottom: 0, type: 'scroll' },
            series: [{ type: 'pie', radius: ['35%', '65%'], data: series.map((s) => ({ name: s.name, value: s.values[0] })) }],
          }
        : {
            tooltip: { trigger: 'axis' },
            legend: { bottom: 0, type: 'scroll' },
            grid: { left: 8, right: 8, top: 16, bottom: 48, containLabel: true },
            xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 4 ? 30 : 0, width: 90, overflow: 'truncate' } },
            yAxis: { type: 'value', minInterval: 1 },
            series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, ...(spec.stacked ? { stack: 'all' } : {}) })),
          },
    );
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [figure, table]);
  return <div ref={element} role="img" aria-label={`${table.title}图表（数据见旁边的表格）`} style={{ width: '100%', height: 280 }} />;
}
