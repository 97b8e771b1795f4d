/**
 * Decoder of the TSSW signal window (docs/formats/signal.md). Times stay int64 in the wire format; the views only
 * ever need them as numbers, so they are converted once here (exact below 2^53 ns, about 104 days).
 */
export interface SignalWindow {
  raw: boolean;
  level: number;
  groupSize: number;
  t0: number;
  t1: number;
  /** Time of each bucket's first and last sample, ns on the stream's own clock. */
  tStart: Float64Array;
  tEnd: Float64Array;
  /** Channel index (in the stream's order) of each column pair. */
  channels: number[];
  min: Float32Array[];
  max: Float32Array[];
}

const MAGIC = 0x57535354; // "TSSW" read as a little-endian u32

export function decodeWindow(buf: ArrayBuffer): SignalWindow {
  if (buf.byteLength < 40) {
    throw new Error(`Signal window too short: ${buf.byteLength} bytes`);
  }
  const dv = new DataView(buf);
  if (dv.getUint32(0, true) !== MAGIC) {
    throw new Error('Not a signal window (magic is not TSSW)');
  }
  const version = dv.getUint16(4, true);
  if (version !== 1) {
    throw new Error(`Unsupported signal window version ${version}`);
  }
  const flags = dv.getUint16(6, true);
  const n = dv.getUint32(8, true);
  const m = dv.getUint32(12, true);
  const need = 40 + 16 * n + 4 * m + 8 * n * m;
  if (buf.byteLength < need) {
    throw new Error(`Signal window truncated: ${buf.byteLength} of ${need} bytes`);
  }
  const tStart = new Float64Array(n);
  const tEnd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    tStart[i] = Number(dv.getBigInt64(40 + 8 * i, true));
    tEnd[i] = Number(dv.getBigInt64(40 + 8 * n + 8 * i, true));
  }
  const channels: number[] = [];
  for (let j = 0; j < m; j++) {
    channels.push(dv.getUint32(40 + 16 * n + 4 * j, true));
  }
  const base = 40 + 16 * n + 4 * m;
  const min: Float32Array[] = [];
  const max: Float32Array[] = [];
  for (let j = 0; j < m; j++) {
    // The layout aligns the float columns to 4 bytes, so these are views, not copies.
    min.push(new Float32Array(buf, base + 8 * n * j, n));
    max.push(new Float32Array(buf, base + 8 * n * j + 4 * n, n));
  }
  return {
    raw: (flags & 1) !== 0,
    level: dv.getUint32(16, true),
    groupSize: dv.getUint32(20, true),
    t0: Number(dv.getBigInt64(24, true)),
    t1: Number(dv.getBigInt64(32, true)),
    tStart, tEnd, channels, min, max,
  };
}
