import { html, LitElement, PropertyValues } from 'lit';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { emptyWindow, fetchWindow } from '../player/signal-fetch';
import type { SignalWindow } from '../player/tssw';
import { align, type Aligned, bucketSeries, maxAbsDifference, secondTime } from './paired-math';

export interface PairedChannel { name: string; unit: string; }
export interface PairedStreamSide { id: string; offsetNanos: number; channels: PairedChannel[]; }
/** A signal stream both episodes have (by name), with each episode's stream. */
export interface PairedStream { name: string; first: PairedStreamSide; second: PairedStreamSide; }
interface ViewRange { t0: number; t1: number; }

const FETCH_DEBOUNCE_MS = 80;
const MIN_CHART_HEIGHT = 140;
const COLOURS = { first: '#1f77b4', second: '#d62728', difference: '#2ca02c' };

const css = `
ts-paired-signals { display: flex; flex-direction: column; position: relative; min-height: 0; overflow: hidden;
  font: 12px system-ui, sans-serif; }
ts-paired-signals .ps-bar { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 2px 0 4px; }
ts-paired-signals .ps-chart { position: relative; flex: 1 1 0; min-height: 140px; min-width: 0; }
ts-paired-signals .ps-playhead { position: absolute; width: 0; border-left: 2px solid #e00; pointer-events: none; }
ts-paired-signals .ps-swatch { display: inline-block; width: 14px; height: 3px; vertical-align: middle;
  margin-right: 4px; }
ts-paired-signals .ps-first { background: ${COLOURS.first}; }
ts-paired-signals .ps-second { background: ${COLOURS.second}; }
ts-paired-signals .ps-dashed { background: repeating-linear-gradient(90deg, ${COLOURS.difference} 0 4px, transparent 4px 7px); }
ts-paired-signals .ps-error { color: #a00; background: #fff0f0; border: 1px solid #e99; padding: 4px 8px; }
ts-paired-signals .ps-readout { font-variant-numeric: tabular-nums; }
`;

if (!document.getElementById('ts-paired-signals-style')) {
  const style = document.createElement('style');
  style.id = 'ts-paired-signals-style';
  style.textContent = css;
  document.head.appendChild(style);
}

/**
 * One joint channel of both episodes in one chart on the player's clock: the first episode's at t, the second's at
 * t + offset (paired-math.ts), and their difference (first minus second) as a third, dashed series in the same unit.
 * It follows the player's view contract (time, playing, viewRange) and fetches both windows itself from the media
 * endpoints, never through the Vaadin session. Light DOM, since uPlot's stylesheet is global.
 */
export class PairedSignals extends LitElement {
  static properties = {
    streams: { attribute: false },
    firstLabel: { attribute: 'first-label' },
    secondLabel: { attribute: 'second-label' },
    mediaBase: { attribute: 'media-base' },
    offset: { type: Number },
    time: { type: Number },
    playing: { type: Boolean },
    viewRange: { attribute: false },
    stream: { state: true },
    channel: { state: true },
    error: { state: true },
    maxDifference: { state: true },
  };

  streams: PairedStream[] = [];
  firstLabel = 'first';
  secondLabel = 'second';
  mediaBase = '/media/v1/streams';
  offset = 0;
  time = 0;
  playing = false;
  viewRange: ViewRange = { t0: 0, t1: 10e9 };
  stream = '';
  channel = '';
  error = '';
  maxDifference: number | undefined;

  private plot?: uPlot;
  private aligned?: Aligned;
  private fetchTimer?: number;
  private abort?: AbortController;
  private resizeObserver?: ResizeObserver;

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.resize());
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.abort?.abort();
    window.clearTimeout(this.fetchTimer);
    this.plot?.destroy();
    this.plot = undefined;
  }

  private selectedStream(): PairedStream | undefined {
    return this.streams.find(s => s.name === this.stream) ?? this.streams[0];
  }

  /** The channels both episodes' streams have, by name, in the first's order. */
  private commonChannels(s: PairedStream | undefined): PairedChannel[] {
    if (!s) {
      return [];
    }
    const second = new Set(s.second.channels.map(c => c.name));
    return s.first.channels.filter(c => second.has(c.name));
  }

  private selectedChannel(): PairedChannel | undefined {
    const channels = this.commonChannels(this.selectedStream());
    return channels.find(c => c.name === this.channel) ?? channels[0];
  }

  render() {
    const stream = this.selectedStream();
    const channel = this.selectedChannel();
    const unit = channel?.unit ? ` ${channel.unit}` : '';
    return html`
      <div class="ps-bar">
        <label>Stream
          <select id="paired-stream" @change=${(e: Event) => this.choose((e.target as HTMLSelectElement).value, '')}>
            ${this.streams.map(s => html`<option value=${s.name} ?selected=${s === stream}>${s.name}</option>`)}
          </select></label>
        <label>Channel
          <select id="paired-channel"
                  @change=${(e: Event) => this.choose(stream?.name ?? '', (e.target as HTMLSelectElement).value)}>
            ${this.commonChannels(stream).map(c => html`<option value=${c.name} ?selected=${c === channel}>
              ${c.name}${c.unit ? ` (${c.unit})` : ''}</option>`)}
          </select></label>
        <span><span class="ps-swatch ps-first"></span>${this.firstLabel}</span>
        <span><span class="ps-swatch ps-second"></span>${this.secondLabel}
          (shown at t ${this.offset >= 0 ? '+' : '−'} ${(Math.abs(this.offset) / 1e6).toFixed(1)} ms)</span>
        <span><span class="ps-swatch ps-dashed"></span>difference
          (first − second)</span>
        <span class="ps-readout" id="paired-difference">${this.maxDifference === undefined
          ? 'the episodes do not overlap in this range'
          : `largest |difference| in view: ${formatValue(this.maxDifference)}${unit}`}</span>
      </div>
      ${this.error ? html`<div class="ps-error" role="alert">${this.error}</div>` : ''}
      <div class="ps-chart" id="paired-chart"><div class="ps-playhead"></div></div>`;
  }

  private choose(stream: string, channel: string) {
    this.stream = stream;
    this.channel = channel;
    this.plot?.destroy();
    this.plot = undefined;
    this.scheduleFetch(true);
  }

  protected firstUpdated() {
    this.resizeObserver?.observe(this.querySelector('#paired-chart')!);
  }

  protected updated(changed: PropertyValues) {
    if (changed.has('streams') || changed.has('offset') || changed.has('viewRange') || changed.has('mediaBase')) {
      this.scheduleFetch(changed.has('streams') || changed.has('offset'));
    }
    if (changed.has('time')) {
      this.placePlayhead();
    }
  }

  private scheduleFetch(now: boolean) {
    window.clearTimeout(this.fetchTimer);
    this.fetchTimer = window.setTimeout(() => void this.fetchBoth(), now ? 0 : FETCH_DEBOUNCE_MS);
  }

  /**
   * The chart fills what its cell in the player's wide region leaves under the bar: the region shares its height
   * among its views, and a fixed height overflowed onto the view below.
   */
  private height(): number {
    const chart = this.querySelector('#paired-chart') as HTMLElement | null;
    return Math.max(MIN_CHART_HEIGHT, chart?.clientHeight || 240);
  }

  private width(): number {
    return Math.max(64, Math.min(4096, this.querySelector('#paired-chart')?.clientWidth || 800));
  }

  private url(side: PairedStreamSide, channel: number, ownT0: number, ownT1: number): string {
    const t0 = Math.max(0, Math.floor(ownT0 - side.offsetNanos));
    const t1 = Math.max(t0, Math.ceil(ownT1 - side.offsetNanos));
    return `${this.mediaBase}/${encodeURIComponent(side.id)}/signal?t0=${t0}&t1=${t1}&width=${this.width()}`
      + `&channels=${channel}`;
  }

  private async fetchBoth() {
    const stream = this.selectedStream();
    const channel = this.selectedChannel();
    if (!stream || !channel) {
      this.dataset.status = 'empty';
      return;
    }
    const a = stream.first.channels.findIndex(c => c.name === channel.name);
    const b = stream.second.channels.findIndex(c => c.name === channel.name);
    const r = this.viewRange ?? { t0: 0, t1: 10e9 };
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.dataset.status = 'loading';
    try {
      const [wa, wb] = await Promise.all([
        fetchWindow(this.url(stream.first, a, r.t0, r.t1), abort.signal),
        fetchWindow(this.url(stream.second, b, secondTime(r.t0, this.offset), secondTime(r.t1, this.offset)),
          abort.signal),
      ]);
      if (abort.signal.aborted) {
        return;
      }
      this.error = '';
      this.aligned = align(column(wa, stream.first.offsetNanos), column(wb, stream.second.offsetNanos), this.offset);
      this.maxDifference = maxAbsDifference(this.aligned);
      this.dataset.points = String(this.aligned.t.length);
      this.dataset.maxAbsDifference = this.maxDifference === undefined ? '' : String(this.maxDifference);
      this.dataset.channel = `${stream.name}/${channel.name}`;
      this.dataset.offset = String(this.offset);
      this.draw(channel);
      this.dataset.status = 'ready';
    } catch (e) {
      if ((e as Error).name === 'AbortError') {
        return;
      }
      this.error = `The signals could not be loaded: ${(e as Error).message}`;
      this.dataset.status = 'error';
    }
  }

  private draw(channel: PairedChannel) {
    const al = this.aligned!;
    const xs = Array.from(al.t, t => t / 1e9);
    const nil = (v: number) => (Number.isNaN(v) ? null : v);
    const data: uPlot.AlignedData = [xs, Array.from(al.first, nil), Array.from(al.second, nil),
      Array.from(al.difference, nil)];
    const r = this.viewRange ?? { t0: 0, t1: 10e9 };
    if (!this.plot) {
      const host = this.querySelector('#paired-chart') as HTMLElement;
      const unit = channel.unit ? ` (${channel.unit})` : '';
      this.plot = new uPlot({
        width: this.width(),
        height: this.height(),
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false, auto: false, range: (_u, min, max) => [min ?? r.t0 / 1e9, max ?? r.t1 / 1e9] } },
        axes: [
          { label: 'time on the first episode\'s clock (s)', values: (_, ticks) => ticks.map(t => formatValue(t)) },
          { label: `${channel.name}${unit}`, values: (_, ticks) => ticks.map(t => formatValue(t)), size: 60 },
        ],
        series: [{},
          { label: this.firstLabel, stroke: COLOURS.first, width: 1.5, spanGaps: false },
          { label: this.secondLabel, stroke: COLOURS.second, width: 1.5, spanGaps: false },
          { label: 'difference', stroke: COLOURS.difference, width: 1.5, dash: [6, 4], spanGaps: false }],
        hooks: { setScale: [() => this.placePlayhead()], setSize: [() => this.placePlayhead()] },
      }, data, host);
    } else {
      this.plot.setData(data, false);
    }
    this.plot.setScale('x', { min: r.t0 / 1e9, max: r.t1 / 1e9 });
    this.placePlayhead();
  }

  private resize() {
    if (this.plot) {
      this.plot.setSize({ width: this.width(), height: this.height() });
      this.scheduleFetch(false);
    }
  }

  private placePlayhead() {
    const line = this.querySelector('.ps-playhead') as HTMLElement | null;
    if (!line || !this.plot) {
      return;
    }
    const over = this.plot.over;
    const x = this.plot.valToPos(this.time / 1e9, 'x');
    const inside = x >= 0 && x <= over.clientWidth;
    line.style.display = inside ? '' : 'none';
    line.style.left = `${over.offsetLeft + x}px`;
    line.style.top = `${over.offsetTop}px`;
    line.style.height = `${over.clientHeight}px`;
  }
}

/** The window's one channel as one value per bucket, on its episode's time (stream time plus the stream offset). */
function column(w: SignalWindow, streamOffset: number) {
  const win = w.tStart.length ? w : emptyWindow();
  if (!win.channels.length) {
    return { t: new Float64Array(0), v: new Float64Array(0) };
  }
  return bucketSeries(win.tStart, win.tEnd, win.min[0], win.max[0], win.raw, streamOffset);
}

function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a === 0) {
    return '0';
  }
  return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2).replace(/\.?0+$/, '') : v.toPrecision(3);
}

customElements.define('ts-paired-signals', PairedSignals);
