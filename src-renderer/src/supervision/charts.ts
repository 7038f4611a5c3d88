import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

/**
 * ECharts with only what the dashboard draws, rendered to canvas: no inline script or style
 * (the CSP has neither), and a smaller bundle than the whole library.
 */
use([CanvasRenderer, BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent]);

export const palette = ['#409eff', '#67c23a', '#e6a23c', '#f56c6c', '#909399', '#9a60b4'];

/** Levels 5 → 1: green for satisfied, red for the bad ratings that need follow-up. */
export const ratingColours = ['#67c23a', '#95d475', '#e6a23c', '#f89898', '#f56c6c'];

export interface TableColumn {
  key: string;
  label: string;
  numeric?: boolean;
}
