import { html, LitElement, PropertyValues } from 'lit';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { countMax, dayLabel, daySplits, xRange } from './day-axis';

/** One series: a value per day (null where that day has none), drawn as a line or as bars. */
export interface DayChartSeries {
  label: string;
  kind: 'line' | 'bars';
  /** A CSS colour, or a custom property such as `--lumo-primary-color` read from the page's theme. */
  color: string;
  dashed: boolean;
  values: (number | null)[];
}

/** What the server sets as the element property `data` (dev.touchstone.common.DayChart.Data). */
export interface DayChartData {
  days: number[];
  series: DayChartSeries[];
  /** What the y axis counts, written beside it. */
  yLabel: string;
  /** A fixed y range; null: 0 up to a round number over the largest value, with whole-number ticks. */
  yMin: number | null;
  yMax: number | null;
  /** A dashed grey line across the plot at this value, or null. */
  threshold: number | null;
  /** Shown instead of the chart when there are no days. */
  empty: string;
  /** Whether the legend shows the values of the day under the pointer. */
  liveLegend: boolean;
}

const HEIGHT = 180;

const css = `
ts-day-chart { display: block; position: relative; min-height: ${HEIGHT}px; font: 12px system-ui, sans-serif; }
ts-day-chart .dc-plot { width: 100%; }
ts-day-chart .dc-empty { color: var(--lumo-secondary-text-color, #666); padding: 8px 0; }
ts-day-chart .u-legend { font-size: 12px; }
`;
if (!document.getElementById('ts-day-chart-style')) {
  const style = document.createElement('style');
  style.id = 'ts-day-chart-style';
  style.textContent = css;
  document.head.appendChild(style);
}

/**
 * A colour canvas can draw: a custom property (e.g. `--lumo-primary-color`) or any CSS colour, resolved by the
 * browser on the element, since Lumo's colours are `light-dark(...)` pairs that a canvas does not understand.
 */
function colour(element: HTMLElement, color: string): string {
  const probe = document.createElement('span');
  probe.style.color = color.startsWith('--') ? `var(${color})` : color;
  element.append(probe);
  const resolved = getComputedStyle(probe).color;
  probe.remove();
  return resolved || '#666';
}

/** The threshold across the whole plot: as a series it would only span its days. */
function drawThreshold(u: uPlot, threshold: number | null) {
  if (threshold == null) {
    return;
  }
  const y = u.valToPos(threshold, 'y', true);
  const { ctx } = u;
  ctx.save();
  ctx.strokeStyle = '#999';
  ctx.lineWidth = devicePixelRatio;
  ctx.setLineDash([2 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.beginPath();
  ctx.moveTo(u.bbox.left, y);
  ctx.lineTo(u.bbox.left + u.bbox.width, y);
  ctx.stroke();
  ctx.restore();
}

/**
 * A chart of values per day on uPlot: lines (with points) and side-by-side bars, days as "7 Dec" on the x axis,
 * the y axis named. Rendered into light DOM because uPlot's stylesheet is global, like the signal view.
 * The axis ranges are written to data-x-min, data-x-max (epoch seconds) and data-y-max for tests and tools.
 */
export class DayChart extends LitElement {
  static properties = {
    data: { attribute: false },
  };

  data: DayChartData = { days: [], series: [], yLabel: '', yMin: null, yMax: null, threshold: null, empty: '',
    liveLegend: false };

  private plot?: uPlot;
  private resizeObserver?: ResizeObserver;
  private width = 0;

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.onResize());
    this.resizeObserver.observe(this);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  render() {
    return this.data?.days?.length
      ? html`<div class="dc-plot"></div>`
      : html`<div class="dc-empty">${this.data?.empty}</div>`;
  }

  protected updated(changed: PropertyValues) {
    if (changed.has('data')) {
      this.rebuild();
    }
  }

  private onResize() {
    const width = Math.max(120, Math.floor(this.clientWidth));
    if (width === this.width) {
      return;
    }
    this.width = width;
    if (this.plot) {
      this.plot.setSize({ width, height: HEIGHT });
    } else {
      this.rebuild();
    }
  }

  private rebuild() {
    this.plot?.destroy();
    this.plot = undefined;
    const host = this.querySelector('.dc-plot') as HTMLElement | null;
    const data = this.data;
    if (!host || !data?.days?.length || this.width === 0) {
      return;
    }
    const bars = data.series.filter(s => s.kind === 'bars').length;
    let barIndex = 0;
    const series: uPlot.Series[] = [{ label: 'Day', value: (_, v) => (v == null ? '' : dayLabel(v)) }];
    const columns: (number | null)[][] = [];
    for (const s of data.series) {
      const color = colour(this, s.color);
      if (s.kind === 'bars') {
        // Two bar series sit left and right of their day; one (or more than two) stand centred on it.
        const align = bars === 2 ? (barIndex++ === 0 ? -1 : 1) : 0;
        series.push({
          label: s.label, stroke: color, fill: color, width: 0,
          paths: uPlot.paths.bars!({ align, size: [bars === 2 ? 0.35 : 0.6, 24], gap: 1 }),
          points: { show: false },
          value: (_, v) => (v == null ? '–' : String(v)),
        });
      } else {
        series.push({
          label: s.label, stroke: color, width: 2, dash: s.dashed ? [6, 4] : undefined, spanGaps: true,
          points: { show: true, size: 5 },
          value: (_, v) => (v == null ? '–' : v.toFixed(2)),
        });
      }
      columns.push(s.values);
    }
    if (data.threshold != null) {
      series.push({ label: 'threshold', stroke: '#999', width: 1, dash: [2, 3], points: { show: false } });
      columns.push(data.days.map(() => data.threshold));
    }
    const counts = data.yMin == null || data.yMax == null;
    const yRange: [number, number] = counts ? [0, countMax(columns.flat())] : [data.yMin!, data.yMax!];
    const [xMin, xMax] = xRange(data.days);
    this.setAttribute('data-y-max', String(yRange[1]));
    this.plot = new uPlot({
      width: this.width,
      height: HEIGHT,
      series,
      // The x range is the data's days and nothing else: uPlot widens a single time point by 86400 / ms units,
      // which with times in seconds (ms = 1e-3) is 1000 days, so its own min and max are not used.
      scales: { x: { time: true, range: () => [xMin, xMax] }, y: { auto: false, range: yRange } },
      axes: [
        { splits: () => daySplits(xMin, xMax), values: (_, ticks) => ticks.map(dayLabel) },
        counts
          ? { label: data.yLabel, labelSize: 18, size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
            values: (_, ticks) => ticks.map(t => String(Math.round(t))) }
          : { label: data.yLabel, labelSize: 18, size: 40, values: (_, ticks) => ticks.map(t => t.toFixed(1)) },
      ],
      legend: { live: data.liveLegend },
      cursor: { drag: { x: false, y: false } },
      hooks: {
        draw: [(u) => drawThreshold(u, data.threshold)],
        setScale: [(u, key) => {
          if (key === 'x') {
            this.setAttribute('data-x-min', String(Math.round(u.scales.x.min ?? 0)));
            this.setAttribute('data-x-max', String(Math.round(u.scales.x.max ?? 0)));
          }
        }],
      },
    }, [data.days, ...columns] as uPlot.AlignedData, host);
  }
}

if (!customElements.get('ts-day-chart')) {
  customElements.define('ts-day-chart', DayChart);
}
