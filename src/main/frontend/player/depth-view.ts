import { html, LitElement, PropertyValues } from 'lit';
import { lastAtOrBefore } from './signal-fetch';
import {
  ascii, drawRamp, fetchBytes, formatNumber, FrameTimes, InFlight, isAbort, loadFrame, parseFrameTimes, rampLut,
  WeightedLru,
} from './frame-pack';
import './frame-view-styles';

export interface DepthStreamInfo {
  id: string; name: string; offsetNanos: number; width: number; height: number; metersPerUnit: number;
  fx: number; fy: number; cx: number; cy: number;
}

/** One decoded TSDP frame: raw depth units, row-major, 0 = no depth. */
export interface DepthFrame {
  index: number;
  timestamp: number;
  width: number;
  height: number;
  depth: Uint16Array;
}

const CACHE_FRAMES = 8;
const LUT = rampLut();
const NO_DEPTH = 0xff000000; // opaque black

/** TSDP v1 (docs/formats/frame-pack.md): 24-byte header, then zlib-deflated little-endian uint16 pixels. */
export async function decodeDepthFrame(buffer: ArrayBuffer, index: number): Promise<DepthFrame> {
  const view = new DataView(buffer);
  if (buffer.byteLength < 24 || ascii(view, 0) !== 'TSDP') {
    throw new Error(`frame ${index} is not a TSDP depth frame`);
  }
  const version = view.getUint16(4, true);
  if (version !== 1) {
    throw new Error(`frame ${index}: TSDP version ${version} is not supported`);
  }
  const width = view.getUint32(8, true);
  const height = view.getUint32(12, true);
  const timestamp = Number(view.getBigInt64(16, true));
  const inflated = new Blob([new Uint8Array(buffer, 24)]).stream()
    .pipeThrough(new DecompressionStream('deflate'));
  const pixels = await new Response(inflated).arrayBuffer();
  if (pixels.byteLength !== 2 * width * height) {
    throw new Error(`frame ${index} holds ${pixels.byteLength} bytes for ${width}x${height} pixels`);
  }
  // Little-endian platforms (all browsers in practice) read the stored order directly.
  return { index, timestamp, width, height, depth: new Uint16Array(pixels) };
}

/**
 * The depth frame of one stream at the player's time (the last frame at or before `time − offset`), colourised from
 * near (cold) to far (warm) over a range fixed for the stream, with a legend in metres. While playing it reads the
 * next frame ahead.
 */
export class DepthView extends LitElement {
  static properties = {
    stream: { attribute: false },
    mediaBase: { attribute: 'media-base' },
    time: { type: Number },
    playing: { type: Boolean },
    viewRange: { attribute: false },
    rangeMeters: { attribute: false },
    loading: { type: Boolean, reflect: true },
    error: { state: true },
    range: { state: true },
  };

  stream?: DepthStreamInfo;
  mediaBase = '/media/v1/streams';
  time = 0;
  playing = false;
  viewRange?: { t0: number; t1: number };
  /** Fixes the colour range (near, far) in metres; unset = 1st to 99th percentile of the first frame shown. */
  rangeMeters?: [number, number];
  loading = false;
  error = '';
  /** The colour range in depth units. */
  range?: [number, number];

  private index?: FrameTimes;
  private indexFor?: string;
  private readonly cache = new WeightedLru<DepthFrame>(64 * 1024 * 1024, CACHE_FRAMES);
  private readonly inFlight = new Map<number, InFlight<DepthFrame>>();
  /** Index of the frame at the playhead; -1 before the first frame, -2 not decided yet. */
  private wanted = -2;
  private shown?: DepthFrame;
  private generation = 0;

  createRenderRoot() {
    return this;
  }

  render() {
    const s = this.stream;
    if (!s) {
      return html`<div class="dv-error" role="alert">No depth stream</div>`;
    }
    const [near, far] = this.metres();
    return html`
      <div class="dv-frame"><canvas class="dv-image" width=${Math.max(1, s.width)} height=${Math.max(1, s.height)}>
      </canvas>
        <div class="dv-loading" ?hidden=${!this.loading}>Loading…</div>
        ${this.error ? html`<div class="dv-error" role="alert">${s.name}: ${this.error}</div>` : ''}
      </div>
      <div class="dv-legend">
        <span>${near === undefined ? '' : formatNumber(near) + ' m'}</span>
        <canvas class="dv-ramp" width="160" height="10"></canvas>
        <span>${far === undefined ? '' : formatNumber(far) + ' m'}</span>
        <span class="dv-none">■ no depth</span>
      </div>`;
  }

  protected firstUpdated() {
    drawRamp(this.querySelector('.dv-ramp'));
  }

  protected updated(changed: PropertyValues) {
    if (changed.has('error')) {
      // ts-player prefers steppers whose status is not 'error'.
      this.toggleAttribute('status', false);
      if (this.error) this.setAttribute('status', 'error');
    }
    if (changed.has('stream') || changed.has('mediaBase')) {
      drawRamp(this.querySelector('.dv-ramp'));
      this.reset();
    } else if (changed.has('time') || changed.has('playing')) {
      this.sync();
    }
    if (changed.has('rangeMeters')) {
      this.range = undefined;
      if (this.shown) this.paint(this.shown);
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.inFlight.forEach(f => f.controller.abort());
    this.inFlight.clear();
  }

  private metres(): [number | undefined, number | undefined] {
    const scale = this.stream?.metersPerUnit || 0.001;
    if (this.rangeMeters) return this.rangeMeters;
    return this.range ? [this.range[0] * scale, this.range[1] * scale] : [undefined, undefined];
  }

  /**
   * The player's frame stepping (FrameStepper in ts-player.ts): the episode time of the frame one step from the one
   * shown at `time`, from the frame index; undefined before the index is loaded or past either end.
   */
  frameStep(time: number, direction: 1 | -1): number | undefined {
    const s = this.stream;
    const index = this.index;
    if (!s || !index || this.indexFor !== s.id) {
      return undefined;
    }
    const next = lastAtOrBefore(index.timestamps, time - s.offsetNanos) + direction;
    return next >= 0 && next < index.timestamps.length ? index.timestamps[next] + s.offsetNanos : undefined;
  }

  private url(path: string): string {
    return `${this.mediaBase}/${encodeURIComponent(this.stream!.id)}/${path}`;
  }

  private async reset() {
    const generation = ++this.generation;
    this.inFlight.forEach(f => f.controller.abort());
    this.inFlight.clear();
    this.cache.clear();
    this.index = undefined;
    this.shown = undefined;
    this.wanted = -2;
    this.range = undefined;
    this.error = '';
    this.showAttributes(undefined);
    const s = this.stream;
    if (!s) {
      return;
    }
    this.loading = true;
    try {
      const { buffer } = await fetchBytes(this.url('frames'));
      if (generation !== this.generation) return;
      this.index = parseFrameTimes(buffer);
      this.indexFor = s.id;
      this.sync();
    } catch (e) {
      if (generation === this.generation) {
        this.error = e instanceof Error ? e.message : String(e);
        this.loading = false;
      }
    }
  }

  private sync() {
    const s = this.stream;
    const index = this.index;
    if (!s || !index || this.indexFor !== s.id) {
      return;
    }
    const i = lastAtOrBefore(index.timestamps, this.time - s.offsetNanos);
    if (i !== this.wanted) {
      this.wanted = i;
      for (const [k, f] of this.inFlight) {
        if (k !== i && !(this.playing && k === i + 1)) {
          f.controller.abort();
          this.inFlight.delete(k);
        }
      }
      if (i < 0) {
        this.shown = undefined;
        this.clear();
        this.showAttributes(undefined);
      } else {
        const hit = this.cache.get(i);
        if (hit) {
          this.paint(hit);
        } else {
          this.load(i).then(f => {
            if (f.index === this.wanted) this.paint(f);
          }, e => {
            if (!isAbort(e) && i === this.wanted) this.error = e instanceof Error ? e.message : String(e);
          }).finally(() => this.updateLoading());
        }
      }
    }
    if (this.playing && i + 1 < index.timestamps.length && !this.cache.has(i + 1)) {
      this.load(i + 1).catch(() => undefined);
    }
    this.updateLoading();
  }

  private load(i: number): Promise<DepthFrame> {
    const generation = this.generation;
    const promise = loadFrame(i, this.url(`depth?t=${this.index!.timestamps[i]}`), this.inFlight,
      buffer => decodeDepthFrame(buffer, i),
      frame => {
        if (generation === this.generation) this.cache.put(i, frame, frame.depth.length);
      });
    this.updateLoading();
    return promise;
  }

  private updateLoading() {
    this.loading = this.stream !== undefined && (this.index === undefined && !this.error
      || (this.wanted >= 0 && this.inFlight.has(this.wanted)));
  }

  private showAttributes(frame: DepthFrame | undefined) {
    this.dataset.frame = String(frame ? frame.index : -1);
    this.dataset.frameTime = frame ? String(frame.timestamp + (this.stream?.offsetNanos ?? 0)) : '';
  }

  private clear() {
    const canvas = this.querySelector('.dv-image') as HTMLCanvasElement | null;
    canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
  }

  private paint(frame: DepthFrame) {
    this.error = '';
    this.shown = frame;
    const canvas = this.querySelector('.dv-image') as HTMLCanvasElement | null;
    const g = canvas?.getContext('2d');
    if (!canvas || !g) {
      return;
    }
    if (canvas.width !== frame.width || canvas.height !== frame.height) {
      canvas.width = frame.width;
      canvas.height = frame.height;
    }
    const scale = this.stream?.metersPerUnit || 0.001;
    if (!this.range) {
      this.range = this.rangeMeters ? [this.rangeMeters[0] / scale, this.rangeMeters[1] / scale]
        : percentileRange(frame.depth);
    }
    const [lo, hi] = this.range;
    const k = 255 / Math.max(1e-9, hi - lo);
    const image = g.createImageData(frame.width, frame.height);
    const out = new Uint32Array(image.data.buffer);
    const depth = frame.depth;
    for (let p = 0; p < depth.length; p++) {
      const v = depth[p];
      if (v === 0) {
        out[p] = NO_DEPTH;
      } else {
        const c = (v - lo) * k;
        out[p] = LUT[c <= 0 ? 0 : c >= 255 ? 255 : c | 0];
      }
    }
    g.putImageData(image, 0, 0);
    this.showAttributes(frame);
  }
}

/** 1st and 99th percentile of the valid (non-zero) depth values, from a histogram over all 65,536 values. */
function percentileRange(depth: Uint16Array): [number, number] {
  const histogram = new Uint32Array(65536);
  let valid = 0;
  for (let p = 0; p < depth.length; p++) {
    if (depth[p] !== 0) {
      histogram[depth[p]]++;
      valid++;
    }
  }
  if (valid === 0) {
    return [0, 1];
  }
  const at = (q: number) => {
    const target = q * valid;
    let seen = 0;
    for (let v = 1; v < 65536; v++) {
      seen += histogram[v];
      if (seen >= target) return v;
    }
    return 65535;
  };
  const lo = at(0.01);
  const hi = at(0.99);
  return [lo, hi > lo ? hi : lo + 1];
}

if (!customElements.get('ts-depth-view')) {
  customElements.define('ts-depth-view', DepthView);
}

declare global {
  interface HTMLElementTagNameMap {
    'ts-depth-view': DepthView;
  }
}
