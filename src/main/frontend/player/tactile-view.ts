import { html, LitElement, PropertyValues } from 'lit';
import { fetchWindow, lastAtOrBefore } from './signal-fetch';
import { SignalWindow } from './tssw';
import { colourAt } from './tactile-colours';
import { maxWindowWidth } from './window-limits';
import './signal-view-styles';

export interface TactilePad { name: string; rows: number; columns: number; }
export interface TactileStreamInfo {
  id: string; name: string; offsetNanos: number; unit: string; firstNanos: number; lastNanos: number;
  pads: TactilePad[];
  /** Taxels in the stream: the window's channels, which bound how wide a window the server answers. */
  channelCount?: number;
}

const FRAME_INTERVAL_MS = 33;
const PREFETCH_NANOS = 1e9;
/** The shortest read-ahead: below it playback asks tactile/at per frame instead. */
const MIN_PREFETCH_NANOS = 5e7;
const CELL_PX = 22;

/**
 * One heatmap per fingertip pad at the player's time. The colour scale is fixed for the stream (its overall min and
 * max, one width=1 window, or `valueRange` when set) so that colours mean the same thing at every time. While playing
 * it reads ahead a second of raw samples and draws from that, so playback costs one request per second, not per
 * frame; while paused or scrubbing it asks tactile/at and coalesces: at most one request in flight, the latest time
 * wins.
 */
export class TactileView extends LitElement {
  static properties = {
    stream: { attribute: false },
    mediaBase: { attribute: 'media-base' },
    time: { type: Number },
    playing: { type: Boolean },
    viewRange: { attribute: false },
    valueRange: { attribute: false },
    loading: { type: Boolean, reflect: true },
    error: { state: true },
  };

  stream?: TactileStreamInfo;
  mediaBase = '/media/v1/streams';
  time = 0;
  playing = false;
  viewRange?: { t0: number; t1: number };
  valueRange?: [number, number];
  loading = false;
  error = '';

  private scale?: [number, number];
  private ahead?: SignalWindow;
  private aheadLoading = false;
  private inFlight = false;
  private wanted?: number;
  private lastDraw = 0;
  private timer?: number;
  private values?: Float32Array;
  /** How far ahead playback reads; halved when a window came back aggregated rather than raw. */
  private prefetchNanos = PREFETCH_NANOS;

  createRenderRoot() {
    return this;
  }

  render() {
    const s = this.stream;
    if (!s) {
      return html`<div class="tv-error">No tactile stream</div>`;
    }
    const [lo, hi] = this.valueRange ?? this.scale ?? [0, 1];
    return html`
      <div class="tv-title">${s.name}</div>
      <div class="tv-loading" ?hidden=${!this.loading}>Loading…</div>
      ${this.error ? html`<div class="tv-error" role="alert">${s.name}: ${this.error}</div>` : ''}
      <div class="tv-pads">
        ${s.pads.map((p, i) => html`<figure data-pad=${i}>
          <canvas width=${p.columns * CELL_PX} height=${p.rows * CELL_PX}></canvas>
          <figcaption>${p.name}</figcaption></figure>`)}
      </div>
      <div class="tv-legend">
        <span>${formatNumber(lo)}</span><canvas class="tv-ramp" width="160" height="10"></canvas>
        <span>${formatNumber(hi)} ${s.unit}</span>
      </div>`;
  }

  protected firstUpdated() {
    this.drawLegend();
  }

  protected updated(changed: PropertyValues) {
    if (changed.has('stream')) {
      this.ahead = undefined;
      this.prefetchNanos = PREFETCH_NANOS;
      this.scale = undefined;
      this.loadScale();
      this.request(true);
    } else if (changed.has('time') || changed.has('playing')) {
      this.request(!this.playing);
    }
    if (changed.has('valueRange') || changed.has('stream')) {
      this.drawLegend();
      this.draw();
    }
  }

  private url(path: string): string {
    return `${this.mediaBase}/${encodeURIComponent(this.stream!.id)}/${path}`;
  }

  private async loadScale() {
    const s = this.stream;
    if (!s || this.valueRange) {
      return;
    }
    try {
      const w = await fetchWindow(this.url(`tactile?t0=${Math.max(0, s.firstNanos)}&t1=${Math.max(0, s.lastNanos)}`
        + '&width=1'));
      let lo = Infinity;
      let hi = -Infinity;
      w.min.forEach(col => col.forEach(v => { if (Number.isFinite(v)) lo = Math.min(lo, v); }));
      w.max.forEach(col => col.forEach(v => { if (Number.isFinite(v)) hi = Math.max(hi, v); }));
      if (s === this.stream && Number.isFinite(lo) && Number.isFinite(hi)) {
        this.scale = [lo, hi > lo ? hi : lo + 1];
        this.requestUpdate();
        await this.updateComplete;
        this.drawLegend();
        this.draw();
      }
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  private request(immediate: boolean) {
    window.clearTimeout(this.timer);
    const wait = immediate ? 0 : Math.max(0, FRAME_INTERVAL_MS - (performance.now() - this.lastDraw));
    this.timer = window.setTimeout(() => this.show(this.time), wait);
  }

  private async show(t: number) {
    const s = this.stream;
    if (!s) {
      return;
    }
    this.lastDraw = performance.now();
    const ts = t - s.offsetNanos;
    if (this.playing) {
      const w = this.ahead;
      if (w && w.raw && ts >= w.t0 && ts <= w.t1 && ts >= w.tStart[0]) {
        const i = lastAtOrBefore(w.tStart, ts);
        this.values = Float32Array.from(w.min, col => col[i]);
        this.dataset.sampleTime = String(w.tStart[i] + s.offsetNanos);
        this.draw();
        if (w.t1 - ts < this.prefetchNanos / 2) {
          this.prefetch(w.t1);
        }
        return;
      }
      this.prefetch(ts);
    }
    if (ts < s.firstNanos) {
      // Before the first sample there is nothing to show and nothing to ask.
      this.error = '';
      this.values = undefined;
      delete this.dataset.sampleTime;
      this.draw();
      return;
    }
    if (this.inFlight) {
      this.wanted = t;
      return;
    }
    this.inFlight = true;
    this.loading = true;
    try {
      const w = await fetchWindow(this.url(`tactile/at?t=${Math.max(0, Math.floor(ts))}`));
      this.error = '';
      if (w.tStart.length === 0) {
        // 204: no sample at or before this time.
        this.values = undefined;
        delete this.dataset.sampleTime;
      } else {
        this.values = Float32Array.from(w.min, col => col[0]);
        this.dataset.sampleTime = String(w.tStart[0] + s.offsetNanos);
      }
      this.draw();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.values = undefined;
      this.draw();
    } finally {
      this.inFlight = false;
      this.loading = false;
    }
    if (this.wanted !== undefined) {
      const next = this.wanted;
      this.wanted = undefined;
      this.show(next);
    }
  }

  /**
   * Raw samples from stream time `from` for the next second, so playback draws without a request per frame. The
   * width is the widest the server answers for this many taxels (window-limits.ts); should the answer still come
   * back aggregated (a very fast stream), the next read-ahead covers half the time, until it is raw.
   */
  private async prefetch(from: number) {
    const s = this.stream;
    if (this.aheadLoading || !s || this.prefetchNanos < MIN_PREFETCH_NANOS) {
      return;
    }
    this.aheadLoading = true;
    const t0 = Math.max(0, Math.floor(from));
    const channels = s.channelCount ?? s.pads.reduce((n, p) => n + p.rows * p.columns, 0);
    try {
      const w = await fetchWindow(this.url(`tactile?t0=${t0}&t1=${t0 + this.prefetchNanos}`
        + `&width=${maxWindowWidth(channels)}`));
      if (!w.raw) {
        this.prefetchNanos /= 2;
      }
      this.ahead = w;
    } catch {
      // playback falls back to tactile/at, which reports its own errors
    } finally {
      this.aheadLoading = false;
    }
  }

  private draw() {
    const s = this.stream;
    if (!s) {
      return;
    }
    const [lo, hi] = this.valueRange ?? this.scale ?? [0, 1];
    let base = 0;
    s.pads.forEach((p, i) => {
      const canvas = this.querySelector(`figure[data-pad="${i}"] canvas`) as HTMLCanvasElement | null;
      const g = canvas?.getContext('2d');
      if (!canvas || !g) {
        return;
      }
      const padValues: number[] = [];
      for (let r = 0; r < p.rows; r++) {
        for (let c = 0; c < p.columns; c++) {
          const v = this.values ? this.values[base + r * p.columns + c] : NaN;
          padValues.push(v);
          g.fillStyle = Number.isFinite(v) ? colourAt((v - lo) / (hi - lo)) : '#ddd';
          g.fillRect(c * CELL_PX, r * CELL_PX, CELL_PX, CELL_PX);
        }
      }
      canvas.dataset.values = padValues.map(v => (Number.isFinite(v) ? String(v) : '')).join(',');
      base += p.rows * p.columns;
    });
  }

  private drawLegend() {
    const ramp = this.querySelector('.tv-ramp') as HTMLCanvasElement | null;
    const g = ramp?.getContext('2d');
    if (!ramp || !g) {
      return;
    }
    for (let x = 0; x < ramp.width; x++) {
      g.fillStyle = colourAt(x / (ramp.width - 1));
      g.fillRect(x, 0, 1, ramp.height);
    }
  }
}

function formatNumber(v: number): string {
  return Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

if (!customElements.get('ts-tactile-view')) {
  customElements.define('ts-tactile-view', TactileView);
}
