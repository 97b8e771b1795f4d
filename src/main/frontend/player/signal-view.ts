import { html, LitElement, PropertyValues } from 'lit';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { concatWindows, fetchValuesAt, fetchWindow, lastAtOrBefore, WindowCache } from './signal-fetch';
import { SignalWindow } from './tssw';
import './signal-view-styles';

export interface SignalChannelInfo { name: string; unit: string; }
export interface SignalStreamInfo { id: string; name: string; offsetNanos: number; channels: SignalChannelInfo[]; }
export interface ViewRange { t0: number; t1: number; }

interface Selected { stream: SignalStreamInfo; channel: number; }

const FETCH_DEBOUNCE_MS = 80;
const READOUT_PLAYING_INTERVAL_MS = 100;
const DEFAULT_SELECTION = 8;
/** While playing, how many view-wide pages ahead of the playhead's page are kept ready. */
const PAGES_AHEAD = 2;
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
    pickerReady: { state: true },
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
  /** The picker's 2 rows per channel are rendered once it is opened or the first window is on screen. */
  pickerReady = false;

  private plot?: uPlot;
  private readonly cache = new WindowCache();
  /** The windows on screen per stream: the readout reuses them when they are raw. */
  private readonly shown = new Map<string, SignalWindow>();
  private fetchTimer?: number;
  private fetchAbort?: AbortController;
  private readoutAbort?: AbortController;
  private readoutTimer?: number;
  private readoutBusy = false;
  private readoutAgain = false;
  /** Page URLs being fetched ahead of the playhead (one at a time), and where a stream's data was seen to end. */
  private prefetchUrl?: string;
  private prefetchAbort?: AbortController;
  private readonly dataEnds = new Map<string, number>();
  /** Pages whose request failed are not asked again (the view's own window shows the error). */
  private readonly failedPages = new Set<string>();
  /** The last window built from pages, per stream, so an unchanged set of pages is not joined again. */
  private readonly joined = new Map<string, { key: string; window: SignalWindow }>();
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
    this.prefetchAbort?.abort();
    this.prefetchUrl = undefined;
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
        <details class="sv-picker" part="picker" @toggle=${() => (this.pickerReady = true)}>
          <summary>Channels (${chosen.size})</summary>
          ${!this.pickerReady ? '' : (this.streams ?? []).map(stream => html`
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
    // The width is known now (one layout), so the first window is asked for before the chart is built and before
    // the resize observer's first callback, a frame later.
    if (main.clientWidth > 0) {
      this.plotWidth = Math.max(50, Math.floor(main.clientWidth));
    }
    this.resizeObserver?.observe(main);
    main.addEventListener('wheel', e => this.onWheel(e), { passive: false });
    main.addEventListener('pointerdown', e => this.onPointerDown(e));
    main.addEventListener('pointermove', e => this.onPointerMove(e));
    main.addEventListener('pointerup', e => this.onPointerUp(e));
  }

  protected updated(changed: PropertyValues) {
    if (changed.has('streams') || changed.has('selection')) {
      this.joined.clear();
      // Request first, then build the chart while the window is on its way.
      this.scheduleFetch();
      this.rebuildPlot();
      this.scheduleReadout(true);
    } else if (changed.has('viewRange')) {
      // A range whose windows are cached (seen before, or pages fetched ahead while playing) is drawn at once.
      if (!this.showCached()) {
        this.applyRange();
        this.scheduleFetch();
      }
    }
    if (changed.has('time') || changed.has('viewRange')) {
      this.placePlayhead();
    }
    if (changed.has('time') || changed.has('playing')) {
      this.scheduleReadout(!this.playing);
    }
    if (this.playing && (changed.has('time') || changed.has('playing') || changed.has('viewRange'))) {
      this.prefetchAhead();
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
    const first = !this.plot && this.plotWidth === width;
    this.plotWidth = width;
    if (this.plot) {
      this.plot.setSize({ width, height });
      this.placePlayhead();
    } else {
      this.rebuildPlot();
    }
    if (!first) {
      this.scheduleFetch();
    }
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
      const both = w ? !w.raw : false;
      const points = both ? 2 * n : n;
      const xs = new Float64Array(points);
      const off = stream.offsetNanos;
      for (let b = 0; b < n; b++) {
        if (both) {
          xs[2 * b] = (w!.tStart[b] + off) / 1e9;
          xs[2 * b + 1] = (w!.tEnd[b] + off) / 1e9 + 1e-12;
        } else {
          xs[b] = (w!.tStart[b] + off) / 1e9;
        }
      }
      // Columns go straight into arrays of their final length; NaN (no sample) becomes null, uPlot's gap.
      const ys = mine.map(x => {
        const c = w ? w.channels.indexOf(x.s.channel) : -1;
        const y: (number | null)[] = new Array(points);
        if (c < 0) {
          return y.fill(null);
        }
        const lo = w!.min[c];
        const hi = w!.max[c];
        for (let b = 0; b < n; b++) {
          const l = lo[b];
          if (both) {
            const h = hi[b];
            y[2 * b] = l !== l ? null : l;
            y[2 * b + 1] = h !== h ? null : h;
          } else {
            y[b] = l !== l ? null : l;
          }
        }
        return y;
      });
      tables.push([xs, ...ys] as unknown as uPlot.AlignedData);
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
    // The debounce is for gestures; the first window of an empty plot should not wait for one (nor for a timer).
    if (this.shown.size === 0) {
      void this.fetchWindows();
      return;
    }
    this.fetchTimer = window.setTimeout(() => this.fetchWindows(), FETCH_DEBOUNCE_MS);
  }

  private byStream(): Map<SignalStreamInfo, number[]> {
    const byStream = new Map<SignalStreamInfo, number[]>();
    this.selected().forEach(s => byStream.set(s.stream, [...(byStream.get(s.stream) ?? []), s.channel]));
    byStream.forEach(channels => channels.sort((a, b) => a - b));
    return byStream;
  }

  private columns(): number {
    return Math.max(1, Math.min(65536, this.plotWidth || 800));
  }

  private windowUrl(stream: SignalStreamInfo, channels: number[]): string {
    const r = this.viewRange ?? { t0: 0, t1: 1e9 };
    // The URLs speak the stream's own clock; the episode clock is that plus the offset.
    const t0 = Math.max(0, Math.floor(r.t0 - stream.offsetNanos));
    const t1 = Math.max(t0, Math.ceil(r.t1 - stream.offsetNanos));
    return this.rangeUrl(stream, channels, t0, t1);
  }

  private rangeUrl(stream: SignalStreamInfo, channels: number[], t0: number, t1: number): string {
    return `${this.mediaBase}/${encodeURIComponent(stream.id)}/signal?t0=${t0}&t1=${t1}&width=${this.columns()}`
      + `&channels=${channels.join(',')}`;
  }

  /**
   * Pages tile a stream's own clock in spans of the view's width in time: page k is [k·span, (k+1)·span), fetched at
   * the view's width in columns, so its buckets are as fine as those of a window of the view range itself. A view
   * range of that span overlaps at most two pages, whichever way it was panned.
   */
  private pageSpan(): number {
    const r = this.viewRange ?? { t0: 0, t1: 1e9 };
    return Math.max(1, Math.round(r.t1 - r.t0));
  }

  private pageUrl(stream: SignalStreamInfo, channels: number[], span: number, k: number): string {
    return this.rangeUrl(stream, channels, k * span, (k + 1) * span - 1);
  }

  /** The view range's window of a stream from the cache: its own window, else the pages around it. */
  private cached(stream: SignalStreamInfo, channels: number[]): SignalWindow | undefined {
    const exact = this.cache.get(this.windowUrl(stream, channels));
    if (exact) {
      return exact;
    }
    const r = this.viewRange ?? { t0: 0, t1: 1e9 };
    const span = this.pageSpan();
    const a = Math.max(0, Math.floor(r.t0 - stream.offsetNanos));
    const b = Math.max(a, Math.ceil(r.t1 - stream.offsetNanos));
    const first = Math.floor(a / span);
    const last = Math.floor(b / span);
    if (last - first > 2) {
      return undefined;
    }
    const urls: string[] = [];
    for (let k = first; k <= last; k++) {
      const url = this.pageUrl(stream, channels, span, k);
      if (!this.cache.has(url)) {
        return undefined;
      }
      urls.push(url);
    }
    const key = urls.join(' ');
    const previous = this.joined.get(stream.id);
    if (previous?.key === key) {
      return previous.window;
    }
    const window = concatWindows(urls.map(u => this.cache.get(u)!));
    this.joined.set(stream.id, { key, window });
    return window;
  }

  /** Draws the view range from cached windows when every stream has one; false when something must be fetched. */
  private showCached(): boolean {
    if (!this.plot || !this.plotWidth || this.shown.size === 0) {
      return false;
    }
    const found = new Map<string, SignalWindow>();
    for (const [stream, channels] of this.byStream()) {
      const w = this.cached(stream, channels);
      if (!w) {
        return false;
      }
      found.set(stream.id, w);
    }
    window.clearTimeout(this.fetchTimer);
    this.fetchAbort?.abort();
    const changed = [...found].some(([id, w]) => this.shown.get(id) !== w);
    found.forEach((w, id) => this.shown.set(id, w));
    this.loading = false;
    if (changed) {
      this.plot.setData(this.plotData());
      this.dataset.windows = String(Number(this.dataset.windows ?? '0') + 1);
    }
    this.applyRange();
    return true;
  }

  /**
   * While playing, keeps the pages around the playhead cached: its own page, the next ones, and the previous one
   * while the playhead is in the first half of its page (a view following the playhead would reach back there), so
   * that a view range moved to follow or pan along the playhead is drawn from memory. One request at a time, only
   * when the view's own window is on screen, and not for a stream whose data visibly ends inside the view (the
   * whole recording is shown: nothing lies ahead) or past where a page came back empty.
   */
  private prefetchAhead() {
    if (!this.playing || !this.plotWidth || this.loading || this.prefetchUrl) {
      return;
    }
    const span = this.pageSpan();
    for (const [stream, channels] of this.byStream()) {
      const shown = this.shown.get(stream.id);
      if (!shown || this.wholeRecordingShown(shown)) {
        continue;
      }
      const ts = this.time - stream.offsetNanos;
      const k = Math.floor(Math.max(0, ts) / span);
      const pages = [k];
      for (let i = 1; i <= PAGES_AHEAD; i++) {
        pages.push(k + i);
      }
      if (ts - k * span < span / 2 && k > 0) {
        pages.push(k - 1);
      }
      const end = this.dataEnds.get(stream.id);
      for (const page of pages) {
        if (end !== undefined && page * span > end) {
          continue;
        }
        const url = this.pageUrl(stream, channels, span, page);
        if (this.cache.has(url) || this.failedPages.has(url)) {
          continue;
        }
        this.prefetchUrl = url;
        const abort = new AbortController();
        this.prefetchAbort = abort;
        fetchWindow(url, abort.signal).then(w => {
          this.cache.put(url, w);
          const n = w.tStart.length;
          if (n === 0 || w.tEnd[n - 1] < w.t1 - 2 * (w.t1 - w.t0) / this.columns()) {
            const seen = n === 0 ? page * span : w.tEnd[n - 1];
            this.dataEnds.set(stream.id, Math.min(this.dataEnds.get(stream.id) ?? Infinity, seen));
          }
        }, () => {
          if (!abort.signal.aborted) {
            this.failedPages.add(url);
          }
        }).finally(() => {
          if (this.prefetchUrl === url) {
            this.prefetchUrl = undefined;
            this.prefetchAhead();
          }
        });
        return;
      }
    }
  }

  /**
   * The stream's whole recording is in the window: it ends two columns or more before the window's end, and starts
   * inside it (or the window starts at the stream's time 0).
   */
  private wholeRecordingShown(w: SignalWindow): boolean {
    const n = w.tStart.length;
    if (n === 0) {
      return true;
    }
    const column = (w.t1 - w.t0) / this.columns();
    return (w.t0 <= 0 || w.tStart[0] > w.t0 + 2 * column) && w.tEnd[n - 1] < w.t1 - 2 * column;
  }

  private async fetchWindows() {
    if (!this.plotWidth) {
      return;
    }
    this.fetchAbort?.abort();
    const abort = new AbortController();
    this.fetchAbort = abort;
    const pending: Promise<void>[] = [];
    const errors = new Map(this.errors);
    for (const [stream, channels] of this.byStream()) {
      const url = this.windowUrl(stream, channels);
      const hit = this.cached(stream, channels);
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
      if (this.shown.size > 0) {
        this.plot?.setData(this.plotData());
      }
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
    if (!this.pickerReady) {
      // After the first paint, when nothing waits for it.
      window.setTimeout(() => (this.pickerReady = true), 50);
    }
    this.prefetchAhead();
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
    if (this.shown.size === 0) {
      // Until the first window is on screen the readout waits (it would compete with it); that window asks for it.
      return;
    }
    if (now) {
      // In the same task as the time change (a seek): a timer would queue the request behind the other views' work.
      void this.updateReadout();
      return;
    }
    const wait = Math.max(0, READOUT_PLAYING_INTERVAL_MS - (performance.now() - this.lastReadoutAt));
    this.readoutTimer = window.setTimeout(() => this.updateReadout(), wait);
  }

  /** At most one readout in flight; a time that changes meanwhile is read when it returns (latest time wins). */
  private async updateReadout() {
    if (this.readoutBusy) {
      this.readoutAgain = true;
      return;
    }
    this.readoutBusy = true;
    this.readoutAgain = false;
    try {
      await this.readValues();
    } finally {
      this.readoutBusy = false;
    }
    if (this.readoutAgain && this.isConnected) {
      this.readoutAgain = false;
      void this.updateReadout();
    }
  }

  private async readValues() {
    this.lastReadoutAt = performance.now();
    const abort = new AbortController();
    this.readoutAbort = abort;
    const t = this.time;
    const next = new Map<string, number | undefined>();
    await Promise.all([...this.byStream()].map(async ([stream, channels]) => {
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
