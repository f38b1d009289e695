import { BarChart, CustomChart, HeatmapChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  LineChart,
  BarChart,
  PieChart,
  ScatterChart,
  CustomChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  TitleComponent,
  MarkLineComponent,
  MarkAreaComponent,
  MarkPointComponent,
  DataZoomComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/** What a click on a data point tells: its series, its index and its datum. */
export interface ChartPoint {
  seriesIndex: number;
  dataIndex: number;
  data: unknown;
}

/**
 * The one chart of the web app: an ECharts instance that follows its container's width, replaces
 * its option when the option changes, and reports clicks on data points (`onPoint`).
 * `theme: 'dark'` is for the big screen.
 */
export function EChart(props: {
  option: ChartOption;
  height?: number | string;
  testId?: string;
  theme?: 'dark';
  onPoint?(p: ChartPoint): void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onPoint = useRef(props.onPoint);
  onPoint.current = props.onPoint;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, props.theme);
    chart.current = c;
    c.on('click', (p) => onPoint.current?.(p as never));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [props.theme]);
  useEffect(() => {
    chart.current?.setOption(props.option, true);
  }, [props.option]);
  return <div ref={el} style={{ height: props.height ?? 260, width: '100%' }} data-testid={props.testId} />;
}
