import { MediaError } from './signal-fetch';

/**
 * Shared pieces of the frame-pack views (ts-cloud-view, ts-depth-view): the TSFI frame index, fetching one frame
 * with the server's reason on failure, a small LRU, and the colour ramp. Formats: docs/formats/frame-pack.md.
 */

/** Frame timestamps (ns, stream clock, strictly increasing) and stored byte lengths, from a TSFI index. */
export interface FrameTimes {
  timestamps: Float64Array;
  lengths: Int32Array;
}

export function parseFrameTimes(buffer: ArrayBuffer): FrameTimes {
  const view = new DataView(buffer);
  if (buffer.byteLength < 16 || ascii(view, 0) !== 'TSFI') {
    throw new Error('the frame index is not a TSFI file');
  }
  const version = view.getUint16(4, true);
  if (version !== 1) {
    throw new Error(`frame index version ${version} is not supported`);
  }
  const count = view.getUint32(8, true);
  if (buffer.byteLength < 16 + 24 * count) {
    throw new Error(`the frame index is truncated (${count} frames announced, ${buffer.byteLength} bytes)`);
  }
  const timestamps = new Float64Array(count);
  const lengths = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    timestamps[i] = Number(view.getBigInt64(16 + 24 * i, true));
    lengths[i] = view.getInt32(32 + 24 * i, true);
  }
  return { timestamps, lengths };
}

export function ascii(view: DataView, offset: number): string {
  return String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2),
    view.getUint8(offset + 3));
}

/** GET as an ArrayBuffer; a failure becomes a MediaError carrying `HTTP <status>: <server's sentence>`. */
export async function fetchBytes(url: string, signal?: AbortSignal): Promise<{ buffer: ArrayBuffer; headers: Headers }> {
  const response = await fetch(url, { credentials: 'same-origin', signal });
  if (!response.ok) {
    let reason = '';
    try {
      reason = (await response.text()).trim().slice(0, 300);
    } catch {
      // the status alone still says enough
    }
    const what = response.status === 401 ? 'not signed in' : response.status === 403 ? 'not allowed' : reason;
    throw new MediaError(response.status, `HTTP ${response.status}${what ? ': ' + what : ''}`);
  }
  return { buffer: await response.arrayBuffer(), headers: response.headers };
}

/** A frame request under way, shared by everyone who wants that frame. */
export interface InFlight<F> { controller: AbortController; promise: Promise<F>; }

/**
 * Fetches frame `i` of a frame pack (`url` asks for it by its own timestamp) at most once at a time: concurrent
 * callers share the request in `inFlight`, which forgets it when it ends. The answer must be frame `i`
 * (`X-Frame-Index`); `store` decides whether the decoded frame may still be cached (the view may have moved to
 * another stream meanwhile).
 */
export function loadFrame<F>(i: number, url: string, inFlight: Map<number, InFlight<F>>,
                             decode: (buffer: ArrayBuffer) => F | Promise<F>, store: (frame: F) => void): Promise<F> {
  const running = inFlight.get(i);
  if (running) {
    return running.promise;
  }
  const controller = new AbortController();
  const promise = (async () => {
    try {
      const { buffer, headers } = await fetchBytes(url, controller.signal);
      const served = headers.get('X-Frame-Index');
      if (served !== null && Number(served) !== i) {
        throw new Error(`the server sent frame ${served} for frame ${i}`);
      }
      const frame = await decode(buffer);
      store(frame);
      return frame;
    } finally {
      if (inFlight.get(i)?.controller === controller) {
        inFlight.delete(i);
      }
    }
  })();
  inFlight.set(i, { controller, promise });
  return promise;
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/** Least recently used entries by key, bounded by a total weight (points, pixels) and by a count. */
export class WeightedLru<V> {
  private readonly entries = new Map<number, { value: V; weight: number }>();
  private total = 0;

  constructor(private readonly maxWeight: number, private readonly maxEntries: number) {}

  get(key: number): V | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit?.value;
  }

  has(key: number): boolean {
    return this.entries.has(key);
  }

  put(key: number, value: V, weight: number) {
    this.delete(key);
    this.entries.set(key, { value, weight });
    this.total += weight;
    // The newest entry always stays, even when it alone is over the bound.
    while ((this.total > this.maxWeight || this.entries.size > this.maxEntries) && this.entries.size > 1) {
      this.delete(this.entries.keys().next().value as number);
    }
  }

  delete(key: number) {
    const old = this.entries.get(key);
    if (old) {
      this.total -= old.weight;
      this.entries.delete(key);
    }
  }

  clear() {
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * A rainbow-like ramp for distances and heights (dark blue, blue, cyan, green, yellow, orange, red, dark red): evenly
 * spaced stops, linearly interpolated. Near values are cold, far values warm.
 */
export const RAMP_STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [0.19, 0.07, 0.23], [0.25, 0.36, 0.85], [0.13, 0.72, 0.92], [0.18, 0.93, 0.55],
  [0.64, 0.98, 0.24], [0.98, 0.75, 0.2], [0.9, 0.32, 0.06], [0.5, 0.03, 0.01],
];

export function rampRgb(s: number): [number, number, number] {
  const f = Math.min(1, Math.max(0, s)) * (RAMP_STOPS.length - 1);
  const i = Math.min(RAMP_STOPS.length - 2, Math.floor(f));
  const a = RAMP_STOPS[i];
  const b = RAMP_STOPS[i + 1];
  const w = f - i;
  return [a[0] + (b[0] - a[0]) * w, a[1] + (b[1] - a[1]) * w, a[2] + (b[2] - a[2]) * w];
}

/** 256 ramp colours as little-endian RGBA words for writing ImageData through a Uint32Array. */
export function rampLut(): Uint32Array {
  const lut = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = rampRgb(i / 255);
    lut[i] = (255 << 24 | Math.round(b * 255) << 16 | Math.round(g * 255) << 8 | Math.round(r * 255)) >>> 0;
  }
  return lut;
}

export function drawRamp(canvas: HTMLCanvasElement | null) {
  const g = canvas?.getContext('2d');
  if (!canvas || !g) {
    return;
  }
  for (let x = 0; x < canvas.width; x++) {
    const [r, gr, b] = rampRgb(x / (canvas.width - 1));
    g.fillStyle = `rgb(${Math.round(r * 255)},${Math.round(gr * 255)},${Math.round(b * 255)})`;
    g.fillRect(x, 0, 1, canvas.height);
  }
}

export function formatNumber(v: number): string {
  return Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}
