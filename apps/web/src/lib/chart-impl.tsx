// The chart's picture: Apache ECharts through echarts/core with only the parts used (bars, lines, a funnel, the
// grid, tooltip and legend, the SVG renderer), in its own lazy chunk so the first load never carries it.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartSpec } from './chart';

echarts.use([BarChart, LineChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const COLOURS = ['#1f5fbf', '#2f9e44', '#c77c02', '#9c36b5', '#c4141c'];

function option(spec: ChartSpec): echarts.EChartsCoreOption {
  if (spec.kind === 'funnel') {
    const s = spec.series[0];
    return {
      color: COLOURS,
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      series: [
        {
          type: 'funnel',
          name: s?.name,
          sort: 'none',
          minSize: '12%',
          left: '10%',
          width: '80%',
          label: { show: true, position: 'inside', formatter: '{b}: {c}', color: '#fff' },
          data: spec.categories.map((c, i) => ({ name: c, value: s?.values[i] ?? 0 })),
        },
      ],
    };
  }
  return {
    color: COLOURS,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: spec.categories },
    yAxis: { type: 'value', minInterval: 1 },
    series: spec.series.map((s) => ({
      name: s.name,
      type: s.type,
      data: s.values,
      ...(s.type === 'line' ? { smooth: true, symbolSize: 6 } : { barMaxWidth: 18 }),
    })),
  };
}

export default function ChartImpl(spec: ChartSpec) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(spec.onPick);
  pick.current = spec.onPick;
  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => pick.current?.(p.dataIndex, p.seriesIndex ?? 0));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option(spec), true);
  }, [spec]);
  return <div ref={box} data-chart-ready="true" style={{ width: '100%', height: spec.height ?? 260 }} />;
}
