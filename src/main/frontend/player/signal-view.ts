import { html, LitElement, PropertyValues } from 'lit';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fetchValuesAt, fetchWindow, lastAtOrBefore, WindowCache } from './signal-fetch';
import { SignalWindow } from './tssw';
import './signal-view-styles';

export interface SignalChannelInfo { name: string; unit: string; }
export interface SignalStreamInfo { id: string; name: string; offsetNanos: number; channels: SignalChannelInfo[]; }
export interface ViewRange { t0: number; t1: number; }

interface Selected { stream: SignalStreamInfo; channel: number; }

const FETCH_DEBOUNCE_MS = 80;
const READOUT_PLAYING_INTERVAL_MS = 100;
const DEFAULT_SELECTION = 8;
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf',
  '#7f7f7f', '#bcbd22'];

/**
 * Plots chosen channels of signal streams on the player's shared time axis from the server's min/max windows, so any
 * range costs about two points per pixel column per channel. The player owns time and range; this element only asks
 * for changes through ts-seek and ts-view-range. Rendered into light DOM because uPlot's stylesheet is global.
 */
export class SignalView extends LitElement {
  /** The uPlot of this bundle, so a benchmark can draw the same data with plain uPlot as the peer. */
  static readonly uPlot = uPlot;

  static properties = {
    streams: { attribute: false },
    mediaBase: { attribute: 'media-base' },
    time: { type: Number },
    playing: { type: Boolean },
    viewRange: { attribute: false },
    selection: { attribute: false },
    loading: { type: Boolean, reflect: true },
    errors: { state: true },
    readout: { state: true },
  };

  streams: SignalStreamInfo[] = [];
  mediaBase = '/media/v1/streams';
  time = 0;
  playing = false;
  viewRange: ViewRange = { t0: 0, t1: 10e9 };
  /** Chosen channels as "streamId:channelIndex"; defaults to the first few channels. */
  selection: string[] | undefined;
  loading = false;
  errors = new Map<string, string>();
  readout = new Map<string, number | undefined>();

  private plot?: uPlot;
  private readonly cache = new WindowCache();
  /** The windows on screen per stream: the readout reuses them when they are raw. */
  private readonly shown = new Map<string, SignalWindow>();
  private fetchTimer?: number;
  private fetchAbort?: AbortController;
  private readoutAbort?: AbortController;
  private readoutTimer?: number;
  private lastReadoutAt = 0;
  private resizeObserver?: ResizeObserver;
  private plotWidth = 0;
  private drag?: { x: number; range: ViewRange; moved: boolean };

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.onResize());
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.fetchAbort?.abort();
    this.readoutAbort?.abort();
    this.plot?.destroy();
    this.plot = undefined;
  }

  private selected(): Selected[] {
    const all: Selected[] = [];
    for (const stream of this.streams ?? []) {
      stream.channels.forEach((_, channel) => all.push({ stream, channel }));
    }
    if (this.selection === undefined) {
      return all.slice(0, DEFAULT_SELECTION);
    }
    const wanted = new Set(this.selection);
    return all.filter(s => wanted.has(`${s.stream.id}:${s.channel}`));
  }

  private toggle(key: string, on: boolean) {
    const current = new Set(this.selected().map(s => `${s.stream.id}:${s.channel}`));
    if (on) {
      current.add(key);
    } else {
      current.delete(key);
    }
    this.selection = [...current];
  }

  render() {
    const chosen = new Set(this.selected().map(s => `${s.stream.id}:${s.channel}`));
    return html`
      <div class="sv-layout">
        <details class="sv-picker" part="picker">
          <summary>Channels (${chosen.size})</summary>
          ${(this.streams ?? []).map(stream => html`
            <fieldset class="sv-stream" data-stream=${stream.id}>
              <legend>${stream.name}</legend>
              ${stream.channels.map((c, i) => html`
                <label><input type="checkbox" data-channel=${i} .checked=${chosen.has(`${stream.id}:${i}`)}
                  @change=${(e: Event) => this.toggle(`${stream.id}:${i}`,
                    (e.target as HTMLInputElement).checked)}>
                  ${c.name}${c.unit ? html` <span class="sv-unit">[${c.unit}]</span>` : ''}</label>`)}
            </fieldset>`)}
        </details>
        <div class="sv-main">
          <div class="sv-plot"></div>
          <div class="sv-playhead"></div>
          <div class="sv-loading" ?hidden=${!this.loading}>Loading…</div>
          ${this.errors.size ? html`<div class="sv-error" role="alert">${[...this.errors].map(([id, message]) =>
            html`<div data-stream=${id}>${this.streams.find(s => s.id === id)?.name ?? id}: ${message}</div>`)}</div>`
            : ''}
        </div>
        <div class="sv-readout">
          ${this.selected().map((s, i) => {
            const key = `${s.stream.id}:${s.channel}`;
            const v = this.readout.get(key);
            const c = s.stream.channels[s.channel];
            return html`<div class="sv-readout-row" data-stream=${s.stream.id} data-channel=${s.channel}
                data-value=${v === undefined ? '' : String(v)}>
              <span class="sv-swatch" style="background:${COLOURS[i % COLOURS.length]}"></span>
              <span class="sv-name">${s.stream.name} / ${c.name}</span>
              <span class="sv-value">${v === undefined ? '—' : formatValue(v)}</span>
              <span class="sv-unit">${c.unit}</span></div>`;
          })}
        </div>
      </div>`;
  }

  protected firstUpdated() {
    const main = this.querySelector('.sv-main') as HTMLElement;
    this.resizeObserver?.observe(main);
    main.addEventListener('wheel', e => this.onWheel(e), { passive: false });
    main.addEventListener('pointerdown', e => this.onPointerDown(e));
    main.addEventListener('pointermove', e => this.onPointerMove(e));
    main.addEventListener('pointerup', e => this.onPointerUp(e));
  }

  protected updated(changed: PropertyValues) {
    if (changed.has('streams') || changed.has('selection')) {
      this.rebuildPlot();
      this.scheduleFetch();
      this.scheduleReadout(true);
    } else if (changed.has('viewRange')) {
      this.applyRange();
      this.scheduleFetch();
    }
    if (changed.has('time') || changed.has('viewRange')) {
      this.placePlayhead();
    }
    if (changed.has('time') || changed.has('playing')) {
      this.scheduleReadout(!this.playing);
    }
  }

  private onResize() {
    const main = this.querySelector('.sv-main') as HTMLElement | null;
    if (!main) {
      return;
    }
    const width = Math.max(50, Math.floor(main.clientWidth));
    const height = Math.max(120, Math.floor(main.clientHeight || 240));
    if (width === this.plotWidth && this.plot) {
      return;
    }
    this.plotWidth = width;
    if (this.plot) {
      this.plot.setSize({ width, height });
      this.placePlayhead();
    } else {
      this.rebuildPlot();
    }
    this.scheduleFetch();
  }

  private rebuildPlot() {
    const host = this.querySelector('.sv-plot') as HTMLElement | null;
    if (!host || this.plotWidth === 0) {
      return;
    }
    this.plot?.destroy();
    const selected = this.selected();
    const units = [...new Set(selected.map(s => s.stream.channels[s.channel].unit || '·'))];
    const scales: uPlot.Scales = {
      x: { time: false, auto: false, range: () => this.xRange() },
    };
    units.forEach(u => (scales[u] = { auto: true }));
    const axes: uPlot.Axis[] = [{ label: 's', values: (_, ticks) => ticks.map(t => t.toFixed(3).replace(/\.?0+$/, '')) }];
    units.slice(0, 2).forEach((u, i) => axes.push({ scale: u, label: u === '·' ? '' : u, side: i === 0 ? 3 : 1,
      grid: { show: i === 0 } }));
    const series: uPlot.Series[] = [{}];
    selected.forEach((s, i) => series.push({
      label: `${s.stream.name}/${s.stream.channels[s.channel].name}`,
      scale: s.stream.channels[s.channel].unit || '·',
      stroke: COLOURS[i % COLOURS.length],
      width: 1,
      spanGaps: true,
      points: { show: false },
    }));
    const height = Math.max(120, Math.floor((this.querySelector('.sv-main') as HTMLElement).clientHeight || 240));
    this.plot = new uPlot({
      width: this.plotWidth,
      height,
      scales,
      axes,
      series,
      legend: { show: false },
      // uPlot commits scale changes later than setScale returns, so the playhead follows its commits.
      hooks: { setScale: [() => this.placePlayhead()], setSize: [() => this.placePlayhead()] },
      // Zoom and pan belong to the player's shared axis, so uPlot's own drag-to-zoom stays off.
      cursor: { drag: { x: false, y: false }, points: { show: false } },
    }, this.plotData(), host);
  }

  private xRange(): [number, number] {
    const r = this.viewRange ?? { t0: 0, t1: 1e9 };
    return [r.t0 / 1e9, Math.max(r.t1, r.t0 + 1) / 1e9];
  }

  private applyRange() {
    if (this.plot) {
      const [min, max] = this.xRange();
      this.plot.setScale('x', { min, max });
    }
  }

  /**
   * uPlot wants one x array; each stream has its own bucket times, so streams are joined on the union of times and
   * the missing values are bridged (spanGaps). A bucket becomes two points, (tStart, min) and (tEnd, max): at two
   * points per pixel column that zig-zag fills the min/max band, and for a raw window it is simply the line.
   */
  private plotData(): uPlot.AlignedData {
    const selected = this.selected();
    const tables: uPlot.AlignedData[] = [];
    const order: number[][] = [];
    let column = 0;
    for (const stream of this.streams ?? []) {
      const mine = selected.map((s, i) => ({ s, i })).filter(x => x.s.stream.id === stream.id);
      if (!mine.length) {
        continue;
      }
      const w = this.shown.get(stream.id);
      const n = w ? w.tStart.length : 0;
      const xs: number[] = [];
      const ys: (number | null)[][] = mine.map(() => []);
      const cols = mine.map(x => (w ? w.channels.indexOf(x.s.channel) : -1));
      for (let b = 0; b < n; b++) {
        const both = !w!.raw;
        xs.push((w!.tStart[b] + stream.offsetNanos) / 1e9);
        if (both) {
          xs.push((w!.tEnd[b] + stream.offsetNanos) / 1e9 + 1e-12);
        }
        cols.forEach((c, k) => {
          const lo = c < 0 ? NaN : w!.min[c][b];
          const hi = c < 0 ? NaN : w!.max[c][b];
          ys[k].push(Number.isNaN(lo) ? null : lo);
          if (both) {
            ys[k].push(Number.isNaN(hi) ? null : hi);
          }
        });
      }
      tables.push([xs, ...ys] as uPlot.AlignedData);
      order.push(mine.map(x => x.i));
      column += mine.length;
    }
    const joined = tables.length === 0 ? [[]] as unknown as uPlot.AlignedData
      : tables.length === 1 ? tables[0] : uPlot.join(tables);
    // join() keeps the streams' column order; the series are in selection order.
    const result: (ArrayLike<number | null>)[] = [joined[0]];
    const flat = order.flat();
    for (let i = 0; i < selected.length; i++) {
      const at = flat.indexOf(i);
      result.push(at >= 0 && joined[at + 1] ? joined[at + 1] as ArrayLike<number | null> : []);
    }
    void column;
    return result as uPlot.AlignedData;
  }

  private scheduleFetch() {
    window.clearTimeout(this.fetchTimer);
    // The debounce is for gestures; the first window of an empty plot should not wait for one.
    const wait = this.shown.size === 0 ? 0 : FETCH_DEBOUNCE_MS;
    this.fetchTimer = window.setTimeout(() => this.fetchWindows(), wait);
  }

  private windowUrl(stream: SignalStreamInfo, channels: number[]): string {
    const r = this.viewRange ?? { t0: 0, t1: 1e9 };
    // The URLs speak the stream's own clock; the episode clock is that plus the offset.
    const t0 = Math.max(0, Math.floor(r.t0 - stream.offsetNanos));
    const t1 = Math.max(t0, Math.ceil(r.t1 - stream.offsetNanos));
    const width = Math.max(1, Math.min(65536, this.plotWidth || 800));
    return `${this.mediaBase}/${encodeURIComponent(stream.id)}/signal?t0=${t0}&t1=${t1}&width=${width}`
      + `&channels=${channels.join(',')}`;
  }

  private async fetchWindows() {
    if (!this.plotWidth) {
      return;
    }
    this.fetchAbort?.abort();
    const abort = new AbortController();
    this.fetchAbort = abort;
    const selected = this.selected();
    const byStream = new Map<SignalStreamInfo, number[]>();
    selected.forEach(s => byStream.set(s.stream, [...(byStream.get(s.stream) ?? []), s.channel]));
    const pending: Promise<void>[] = [];
    const errors = new Map(this.errors);
    for (const [stream, channels] of byStream) {
      const url = this.windowUrl(stream, channels.sort((a, b) => a - b));
      const hit = this.cache.get(url);
      if (hit) {
        this.shown.set(stream.id, hit);
        errors.delete(stream.id);
        continue;
      }
      pending.push(fetchWindow(url, abort.signal).then(w => {
        if (!abort.signal.aborted) {
          this.cache.put(url, w);
          this.shown.set(stream.id, w);
          errors.delete(stream.id);
        }
      }, (e: unknown) => {
        if (!abort.signal.aborted) {
          errors.set(stream.id, e instanceof Error ? e.message : String(e));
        }
      }));
    }
    if (pending.length) {
      this.loading = true;
      this.plot?.setData(this.plotData());
      await Promise.all(pending);
    }
    if (abort.signal.aborted) {
      return;
    }
    this.loading = false;
    this.errors = errors;
    this.plot?.setData(this.plotData());
    this.applyRange();
    this.dataset.windows = String(Number(this.dataset.windows ?? '0') + 1);
    this.scheduleReadout(true);
  }

  private placePlayhead() {
    const line = this.querySelector('.sv-playhead') as HTMLElement | null;
    if (!line || !this.plot) {
      return;
    }
    const x = this.plot.valToPos(this.time / 1e9, 'x');
    const over = this.plot.over;
    const inside = Number.isFinite(x) && x >= 0 && x <= over.clientWidth;
    line.style.display = inside ? 'block' : 'none';
    line.style.left = `${over.offsetLeft + x}px`;
    line.style.top = `${over.offsetTop}px`;
    line.style.height = `${over.clientHeight}px`;
  }

  /**
   * Readout values come from the window on screen when it holds raw samples around t; otherwise from a tiny raw
   * window ending at t, so the numbers are the stored samples, never an envelope. While playing they refresh at a
   * readable rate rather than every frame.
   */
  private scheduleReadout(now: boolean) {
    window.clearTimeout(this.readoutTimer);
    const wait = now ? 20 : Math.max(0, READOUT_PLAYING_INTERVAL_MS - (performance.now() - this.lastReadoutAt));
    this.readoutTimer = window.setTimeout(() => this.updateReadout(), wait);
  }

  private async updateReadout() {
    this.lastReadoutAt = performance.now();
    this.readoutAbort?.abort();
    const abort = new AbortController();
    this.readoutAbort = abort;
    const t = this.time;
    const next = new Map<string, number | undefined>();
    const byStream = new Map<SignalStreamInfo, number[]>();
    this.selected().forEach(s => byStream.set(s.stream, [...(byStream.get(s.stream) ?? []), s.channel]));
    await Promise.all([...byStream].map(async ([stream, channels]) => {
      const ts = t - stream.offsetNanos;
      const w = this.shown.get(stream.id);
      const local = w && w.raw && w.tStart.length > 0 && ts >= w.t0 && ts <= w.t1 && ts >= w.tStart[0];
      if (local && channels.every(c => w!.channels.includes(c))) {
        const i = lastAtOrBefore(w!.tStart, ts);
        channels.forEach(c => next.set(`${stream.id}:${c}`, w!.min[w!.channels.indexOf(c)][i]));
        return;
      }
      try {
        const values = await fetchValuesAt(this.mediaBase, stream.id, ts, channels, abort.signal);
        channels.forEach(c => next.set(`${stream.id}:${c}`, values?.get(c)));
      } catch {
        channels.forEach(c => next.set(`${stream.id}:${c}`, undefined));
      }
    }));
    if (!abort.signal.aborted) {
      this.readout = next;
      this.dataset.readoutTime = String(t);
    }
  }

  private timeAtPointer(e: MouseEvent): number | undefined {
    if (!this.plot) {
      return undefined;
    }
    const rect = this.plot.over.getBoundingClientRect();
    const x = e.clientX - rect.left;
    if (x < 0 || x > rect.width) {
      return undefined;
    }
    return this.plot.posToVal(x, 'x') * 1e9;
  }

  private onWheel(e: WheelEvent) {
    const at = this.timeAtPointer(e);
    if (at === undefined) {
      return;
    }
    e.preventDefault();
    const factor = Math.pow(1.0015, e.deltaY);
    const r = this.viewRange;
    const t0 = at - (at - r.t0) * factor;
    const t1 = at + (r.t1 - at) * factor;
    if (t1 - t0 >= 1e5) {
      this.emit('ts-view-range', { t0: Math.round(t0), t1: Math.round(t1) });
    }
  }

  private onPointerDown(e: PointerEvent) {
    if (e.button !== 0 || this.timeAtPointer(e) === undefined) {
      return;
    }
    this.drag = { x: e.clientX, range: { ...this.viewRange }, moved: false };
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
  }

  private onPointerMove(e: PointerEvent) {
    if (!this.drag || !this.plot) {
      return;
    }
    const dx = e.clientX - this.drag.x;
    if (Math.abs(dx) < 3 && !this.drag.moved) {
      return;
    }
    this.drag.moved = true;
    const span = this.drag.range.t1 - this.drag.range.t0;
    const shift = -dx / this.plot.over.clientWidth * span;
    this.emit('ts-view-range', { t0: Math.round(this.drag.range.t0 + shift), t1: Math.round(this.drag.range.t1 + shift) });
  }

  private onPointerUp(e: PointerEvent) {
    const drag = this.drag;
    this.drag = undefined;
    if (drag && !drag.moved) {
      const t = this.timeAtPointer(e);
      if (t !== undefined) {
        this.emit('ts-seek', { time: Math.round(t) });
      }
    }
  }

  private emit(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) {
    return 'NaN';
  }
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(4) : v.toFixed(4);
}

if (!customElements.get('ts-signal-view')) {
  customElements.define('ts-signal-view', SignalView);
}
