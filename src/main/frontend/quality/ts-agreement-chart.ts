import { html, LitElement, PropertyValues } from 'lit';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of the chart: a value per day (null where that day has none). */
export interface AgreementLine { label: string; color: string; dashed: boolean; values: (number | null)[]; }
/** What the server sets as the element property `data`. */
export interface AgreementChartData { days: number[]; lines: AgreementLine[]; threshold: number | null; }

const HEIGHT = 180;

const css = `
ts-agreement-chart { display: block; position: relative; min-height: ${HEIGHT}px; font: 12px system-ui, sans-serif; }
ts-agreement-chart .ac-plot { width: 100%; }
ts-agreement-chart .ac-empty { color: #666; padding: 8px 0; }
ts-agreement-chart .u-legend { font-size: 12px; }
`;
if (!document.getElementById('ts-agreement-chart-style')) {
  const style = document.createElement('style');
  style.id = 'ts-agreement-chart-style';
  style.textContent = css;
  document.head.appendChild(style);
}

const DAY_S = 86_400;

/** The x range in epoch seconds: the first to the last day, padded half a day (a whole day around a single day). */
export function xRange(days: number[]): [number, number] {
  const first = Math.min(...days);
  const last = Math.max(...days);
  const pad = first === last ? DAY_S : DAY_S / 2;
  return [first - pad, last + pad];
}

/** Ticks at UTC midnights inside the range: every day up to two weeks, then every n-th day so about 8 show. */
export function daySplits(min: number, max: number): number[] {
  const firstDay = Math.ceil(min / DAY_S) * DAY_S;
  const count = Math.floor((max - firstDay) / DAY_S) + 1;
  const step = count <= 14 ? 1 : Math.ceil(count / 8);
  const splits: number[] = [];
  for (let t = firstDay; t <= max; t += step * DAY_S) {
    splits.push(t);
  }
  return splits;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "7 Dec" for a UTC midnight (the days are UTC dates). */
function dayLabel(t: number): string {
  const d = new Date(t * 1000);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/**
 * The threshold across the whole plot: as a series it is a line between its days only, which for a single day is no
 * line at all.
 */
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
 * A small line chart of agreement per day (x: days as epoch seconds, y: agreement 0..1, lower where alpha is
 * negative), with the project's threshold as a dashed grey line. Rendered into light DOM because uPlot's
 * stylesheet is global, like the signal view.
 */
export class AgreementChart extends LitElement {
  static properties = {
    data: { attribute: false },
  };

  data: AgreementChartData = { days: [], lines: [], threshold: null };

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
      ? html`<div class="ac-plot"></div>`
      : html`<div class="ac-empty">No merged tasks on any day yet.</div>`;
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
    const host = this.querySelector('.ac-plot') as HTMLElement | null;
    const data = this.data;
    if (!host || !data?.days?.length || this.width === 0) {
      return;
    }
    const series: uPlot.Series[] = [{ value: (_, v) => (v == null ? '' : new Date(v * 1000).toISOString().slice(0, 10)) }];
    const columns: (number | null)[][] = [];
    for (const line of data.lines) {
      series.push({
        label: line.label,
        stroke: line.color,
        width: 2,
        dash: line.dashed ? [6, 4] : undefined,
        spanGaps: true,
        points: { show: true, size: 5 },
        value: (_, v) => (v == null ? '–' : v.toFixed(2)),
      });
      columns.push(line.values);
    }
    if (data.threshold != null) {
      series.push({ label: 'threshold', stroke: '#999', width: 1, dash: [2, 3], points: { show: false } });
      columns.push(data.days.map(() => data.threshold));
    }
    const lowest = Math.min(0, ...columns.flat().filter((v): v is number => v != null));
    const [xMin, xMax] = xRange(data.days);
    this.plot = new uPlot({
      width: this.width,
      height: HEIGHT,
      series,
      // The x range is the data's days and nothing else: uPlot widens a single time point by 86400 / ms units,
      // which with times in seconds (ms = 1e-3) is 1000 days, so its own min and max are not used.
      scales: { x: { time: true, range: () => [xMin, xMax] },
        y: { auto: false, range: [Math.floor(lowest * 10) / 10, 1] } },
      axes: [
        { splits: () => daySplits(xMin, xMax), values: (_, ticks) => ticks.map(dayLabel) },
        { values: (_, ticks) => ticks.map(t => t.toFixed(1)), size: 40 },
      ],
      // Small multiples: the legend only names the lines; live values per day would crowd a chart this size.
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      hooks: { draw: [(u) => drawThreshold(u, data.threshold)], setScale: [(u, key) => {
        // What the axis spans, readable by tests and tools without reaching into the canvas.
        if (key === 'x') {
          this.setAttribute('data-x-min', String(Math.round(u.scales.x.min ?? 0)));
          this.setAttribute('data-x-max', String(Math.round(u.scales.x.max ?? 0)));
        }
      }] },
    }, [data.days, ...columns] as uPlot.AlignedData, host);
  }
}

if (!customElements.get('ts-agreement-chart')) {
  customElements.define('ts-agreement-chart', AgreementChart);
}
