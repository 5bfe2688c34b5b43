import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { t } from '../i18n';

/**
 * One chart, drawn as SVG (sharp in print, its labels are text). The chart is a picture for sighted readers: its
 * role is img with a label that points to the table of the same numbers that every chart page shows next to it.
 * The box has its height before ECharts arrives, so nothing moves when it does.
 */
export function EChart({ option, height, title }: { option: EChartsCoreOption; height: number; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption(o: EChartsCoreOption): void; resize(): void; dispose(): void } | undefined;
    const observer = new ResizeObserver(() => chart?.resize());
    void import('./echarts').then(({ echarts }) => {
      if (disposed || !box.current) return;
      chart = echarts.init(box.current, undefined, { renderer: 'svg' });
      chart.setOption({ animation: false, ...option });
      observer.observe(box.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer.disconnect();
      chart?.dispose();
    };
  }, [option]);
  return (
    <div className="chart" style={{ height }} role="img" aria-label={t.chartLabel(title)} data-ready={ready || undefined}>
      <div ref={box} className="chart-canvas" aria-hidden="true" />
      {!ready && <p className="chart-loading">{t.chartLoading}</p>}
    </div>
  );
}
