// The parts of Apache ECharts the reading room draws with, registered once. Imported only through EChart's
// dynamic import, so ECharts is downloaded by the pages that draw charts and by no other.
import { BarChart, HeatmapChart, LineChart, TreeChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, HeatmapChart, LineChart, TreeChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
