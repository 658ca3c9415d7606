/**
 * An ECharts chart, with only the pieces the dashboard uses bundled (treemap, bars, lines, graph; SVG renderer). The chart is
 * an image for assistive technology, labelled by `label`; every chart has a table beside it with the same figures.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, LineChart, TreemapChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  TreemapChart,
  BarChart,
  LineChart,
  GraphChart,
  TooltipComponent,
  GridComponent,
  LegendComponent,
  AriaComponent,
  SVGRenderer,
]);

export interface ChartProps {
  readonly option: EChartsCoreOption;
  /** What the chart shows, for screen readers. */
  readonly label: string;
  readonly height: number;
  readonly onItemClick?: (data: unknown) => void;
  readonly testId?: string;
}

export function Chart({ option, label, height, onItemClick, testId }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, null, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => click.current?.(params.data));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // ECharts writes the aria-label itself: give it ours rather than its generic list of data points.
    chart.current?.setOption(
      { aria: { enabled: true, label: { description: label } }, ...option },
      { notMerge: true },
    );
  }, [option, label]);

  return (
    <div ref={ref} role="img" aria-label={label} style={{ height }} className="chart" data-testid={testId} />
  );
}
