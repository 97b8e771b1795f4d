/**
 * The arithmetic of the paired player (docs/player.md, "Paired player"), kept free of Lit and the DOM so Node's test
 * runner checks it. Times are nanoseconds as JS numbers (exact below 2^53 ns, about 104 days).
 *
 * The clock is the first episode's time. The second episode is shown at `t + offset`: with an offset of 2 s, clock
 * 5 s shows the first episode at 5 s and the second at 7 s.
 */

/** Second episode's own time at clock time t. */
export function secondTime(t: number, offset: number): number {
  return t + offset;
}

/** The clock time at which the second episode shows its own time s (the inverse of secondTime). */
export function clockOfSecond(s: number, offset: number): number {
  return s - offset;
}

/**
 * The offset that puts an event at time a of the first episode and one at time b of the second under the same
 * clock time: at clock a the second must show b, so offset = b - a.
 */
export function offsetFromEvents(a: number, b: number): number {
  return b - a;
}

/** The offset in whole nanoseconds from a number of milliseconds typed by a person; undefined when it is no number. */
export function offsetFromMillis(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) {
    return undefined;
  }
  return Math.round(Number(trimmed) * 1e6);
}

/** An event kind of one episode: a stable key, a label a person reads, and the time of its first occurrence. */
export interface EpisodeEvent { key: string; label: string; time: number; }

/** An event kind both episodes have, with the offset that aligns their first occurrences. */
export interface EventMatch { key: string; label: string; first: number; second: number; offset: number; }

/** The event kinds both episodes have (same key), in the first episode's time order, each with its offset. */
export function matchEvents(first: EpisodeEvent[], second: EpisodeEvent[]): EventMatch[] {
  const seconds = new Map<string, EpisodeEvent>();
  for (const e of second) {
    const seen = seconds.get(e.key);
    if (!seen || e.time < seen.time) {
      seconds.set(e.key, e);
    }
  }
  const firsts = new Map<string, EpisodeEvent>();
  for (const e of first) {
    const seen = firsts.get(e.key);
    if (!seen || e.time < seen.time) {
      firsts.set(e.key, e);
    }
  }
  const matches: EventMatch[] = [];
  for (const a of firsts.values()) {
    const b = seconds.get(a.key);
    if (b) {
      matches.push({ key: a.key, label: a.label, first: a.time, second: b.time, offset: offsetFromEvents(a.time, b.time) });
    }
  }
  return matches.sort((x, y) => x.first - y.first || x.key.localeCompare(y.key));
}

/** Samples of one channel: times strictly increasing. */
export interface Series { t: Float64Array; v: Float64Array; }

/**
 * A channel of a signal window as one value per bucket: a raw window's samples as they are, a min/max bucket as its
 * middle value at the middle of its time span (the chart shows a line per episode, not the band).
 */
export function bucketSeries(tStart: Float64Array, tEnd: Float64Array, min: Float32Array, max: Float32Array,
                             raw: boolean, shift: number): Series {
  const n = tStart.length;
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const time = (raw ? tStart[i] : (tStart[i] + tEnd[i]) / 2) + shift;
    if (kept > 0 && time <= t[kept - 1]) {
      continue;
    }
    t[kept] = time;
    v[kept] = raw ? min[i] : (min[i] + max[i]) / 2;
    kept++;
  }
  return { t: t.subarray(0, kept), v: v.subarray(0, kept) };
}

/** The series' value at time x, linear between samples; NaN outside its first and last sample. */
export function interpolate(s: Series, x: number): number {
  const n = s.t.length;
  if (n === 0 || x < s.t[0] || x > s.t[n - 1]) {
    return NaN;
  }
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (s.t[mid] <= x) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  if (s.t[lo] === x) {
    return s.v[lo];
  }
  if (s.t[hi] === x) {
    return s.v[hi];
  }
  const f = (x - s.t[lo]) / (s.t[hi] - s.t[lo]);
  return s.v[lo] + f * (s.v[hi] - s.v[lo]);
}

/** Both episodes' channel and their difference on one time base (the clock). NaN where a series has no value. */
export interface Aligned { t: Float64Array; first: Float64Array; second: Float64Array; difference: Float64Array; }

/**
 * Puts the first episode's series and the second's on the clock's time base and subtracts: the base is the union of
 * both series' times (the second's moved onto the clock by the offset), each series interpolated linearly there, and
 * the difference is first minus second where both have a value (NaN elsewhere). Both series are on their own
 * episode's time; `second` is shown at clock t + offset, so its sample at s sits at clock s - offset.
 */
export function align(first: Series, second: Series, offset: number): Aligned {
  const moved: Series = { t: second.t.map(s => clockOfSecond(s, offset)), v: second.v };
  const times = mergeTimes(first.t, moved.t);
  const a = new Float64Array(times.length);
  const b = new Float64Array(times.length);
  const d = new Float64Array(times.length);
  for (let i = 0; i < times.length; i++) {
    a[i] = interpolate(first, times[i]);
    b[i] = interpolate(moved, times[i]);
    d[i] = Number.isNaN(a[i]) || Number.isNaN(b[i]) ? NaN : a[i] - b[i];
  }
  return { t: times, first: a, second: b, difference: d };
}

/** The sorted union of two increasing time arrays, each time once. */
export function mergeTimes(x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(x.length + y.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < x.length || j < y.length) {
    const next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i++] : y[j++];
    if (n === 0 || next > out[n - 1]) {
      out[n++] = next;
    }
  }
  return out.subarray(0, n);
}

/** The largest |difference| where both episodes have a value, or undefined when they never overlap. */
export function maxAbsDifference(aligned: Aligned): number | undefined {
  let max: number | undefined;
  for (const d of aligned.difference) {
    if (!Number.isNaN(d)) {
      max = Math.max(max ?? 0, Math.abs(d));
    }
  }
  return max;
}

/** The clock span that shows all of the first episode and all of the second from its start on: [0, end]. */
export function clockEnd(firstEnd: number, secondEnd: number, offset: number): number {
  return Math.max(firstEnd, clockOfSecond(secondEnd, offset));
}
