import { decodeWindow, SignalWindow } from './tssw';

/** A failed media request with the server's one-sentence reason, so a view can show it as is. */
export class MediaError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * A window from the server. A 204 (a time before the stream's first sample, docs/formats/media-api.md) is a window
 * without buckets: there is nothing to show yet, and nothing failed.
 */
export async function fetchWindow(url: string, signal?: AbortSignal): Promise<SignalWindow> {
  const response = await fetch(url, { credentials: 'same-origin', signal });
  if (response.status === 204) {
    return emptyWindow();
  }
  if (!response.ok) {
    let reason = '';
    try {
      reason = (await response.text()).trim();
    } catch {
      // the status alone still says enough
    }
    const what = response.status === 401 ? 'not signed in' : response.status === 403 ? 'not allowed' : reason;
    throw new MediaError(response.status, `HTTP ${response.status}${what ? ': ' + what : ''}`);
  }
  return decodeWindow(await response.arrayBuffer());
}

export function emptyWindow(): SignalWindow {
  return { raw: true, level: 0, groupSize: 1, t0: 0, t1: 0, tStart: new Float64Array(0), tEnd: new Float64Array(0),
    channels: [], min: [], max: [] };
}

/**
 * Recently used windows by URL. Zooming out and back, toggling a channel, or panning across pages fetched ahead while
 * playing returns to a window seen a moment ago; keeping a few dozen makes that instant without holding a whole
 * recording. Bounded by count and by bytes (a 64-channel window at full-HD width is about 1 MB).
 */
export class WindowCache {
  private readonly entries = new Map<string, SignalWindow>();
  private bytes = 0;

  constructor(private readonly capacity = 48, private readonly maxBytes = 48 * 1024 * 1024) {}

  get(key: string): SignalWindow | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  put(key: string, value: SignalWindow) {
    this.remove(key);
    this.entries.set(key, value);
    this.bytes += windowBytes(value);
    while (this.entries.size > this.capacity || (this.bytes > this.maxBytes && this.entries.size > 1)) {
      this.remove(this.entries.keys().next().value as string);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(key: string) {
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= windowBytes(old);
      this.entries.delete(key);
    }
  }
}

function windowBytes(w: SignalWindow): number {
  return 16 * w.tStart.length + 8 * w.tStart.length * w.channels.length;
}

/**
 * Consecutive windows of the same channels (pages of one time range each, in time order) as one window, so that a
 * view range spanning two pages is drawn from what is cached. Raw only when every page is raw.
 */
export function concatWindows(parts: SignalWindow[]): SignalWindow {
  if (parts.length === 1) {
    return parts[0];
  }
  const n = parts.reduce((a, p) => a + p.tStart.length, 0);
  const tStart = new Float64Array(n);
  const tEnd = new Float64Array(n);
  const m = parts[0].channels.length;
  const min = Array.from({ length: m }, () => new Float32Array(n));
  const max = Array.from({ length: m }, () => new Float32Array(n));
  let at = 0;
  for (const p of parts) {
    tStart.set(p.tStart, at);
    tEnd.set(p.tEnd, at);
    for (let j = 0; j < m; j++) {
      min[j].set(p.min[j], at);
      max[j].set(p.max[j], at);
    }
    at += p.tStart.length;
  }
  return {
    raw: parts.every(p => p.raw), level: Math.min(...parts.map(p => p.level)),
    groupSize: Math.max(...parts.map(p => p.groupSize)), t0: parts[0].t0, t1: parts[parts.length - 1].t1,
    tStart, tEnd, channels: parts[0].channels, min, max,
  };
}

/** Index of the last bucket whose first sample is at or before t, or -1. */
export function lastAtOrBefore(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * The stored value of each requested channel at stream time t (the last sample at or before t), from the server's
 * `signal/at`: one small request whatever the stream's rate. Undefined when there is no sample before t at all.
 */
export async function fetchValuesAt(base: string, streamId: string, t: number, channels: number[],
                                    signal?: AbortSignal): Promise<Map<number, number> | undefined> {
  const at = Math.max(0, Math.floor(t));
  const url = `${base}/${encodeURIComponent(streamId)}/signal/at?t=${at}&channels=${channels.join(',')}`;
  const w = await fetchWindow(url, signal);
  if (w.tStart.length === 0) {
    return undefined;
  }
  const i = w.tStart.length - 1;
  return new Map(w.channels.map((c, j) => [c, w.min[j][i]]));
}
