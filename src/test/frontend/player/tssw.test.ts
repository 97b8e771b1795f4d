// Decoding of the signal window (TSSW, docs/formats/signal.md, "Signal window layout"). The windows are built here
// from the table in that document, field by field, not with the decoder's own arithmetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWindow } from '../../../main/frontend/player/tssw.ts';

interface Window {
  flags?: number; version?: number; level: number; groupSize: number; t0: bigint; t1: bigint;
  tStart: bigint[]; tEnd: bigint[]; channels: number[]; min: number[][]; max: number[][];
}

/** The bytes the media endpoint sends: header, tStart, tEnd, channels, per channel min then max, padding to 8. */
function encode(w: Window, magic = 'TSSW'): ArrayBuffer {
  const n = w.tStart.length;
  const m = w.channels.length;
  const length = 40 + 16 * n + 4 * m + 8 * n * m;
  const buf = new ArrayBuffer(Math.ceil(length / 8) * 8);
  const dv = new DataView(buf);
  for (let i = 0; i < 4; i++) dv.setUint8(i, magic.charCodeAt(i));
  dv.setUint16(4, w.version ?? 1, true);
  dv.setUint16(6, w.flags ?? 0, true);
  dv.setUint32(8, n, true);
  dv.setUint32(12, m, true);
  dv.setUint32(16, w.level, true);
  dv.setUint32(20, w.groupSize, true);
  dv.setBigInt64(24, w.t0, true);
  dv.setBigInt64(32, w.t1, true);
  let at = 40;
  for (const t of w.tStart) { dv.setBigInt64(at, t, true); at += 8; }
  for (const t of w.tEnd) { dv.setBigInt64(at, t, true); at += 8; }
  for (const c of w.channels) { dv.setUint32(at, c, true); at += 4; }
  for (let j = 0; j < m; j++) {
    for (const v of w.min[j]) { dv.setFloat32(at, v, true); at += 4; }
    for (const v of w.max[j]) { dv.setFloat32(at, v, true); at += 4; }
  }
  assert.equal(at, length);
  return buf;
}

// Two channels (file channels 7 and 2, in that order) over three buckets of level 2, two of them merged per bucket;
// times beyond 2^32 ns (about 4.3 s) show that all 64 bits are read.
const envelope: Window = {
  level: 2, groupSize: 2, t0: 5_000_000_000n, t1: 9_000_000_000n,
  tStart: [5_000_000_000n, 6_000_000_000n, 7_500_000_000n],
  tEnd: [5_900_000_000n, 7_400_000_000n, 8_999_999_999n],
  channels: [7, 2],
  min: [[-1.5, 0.25, NaN], [10, 20, 30]],
  max: [[2.5, 0.75, NaN], [11, 21, 31]],
};

test('a min/max window: header, bucket times and each channel\'s min and max columns in the stream\'s order', () => {
  const w = decodeWindow(encode(envelope));
  assert.equal(w.raw, false);
  assert.equal(w.level, 2);
  assert.equal(w.groupSize, 2);
  assert.equal(w.t0, 5_000_000_000);
  assert.equal(w.t1, 9_000_000_000);
  assert.deepEqual([...w.tStart], [5_000_000_000, 6_000_000_000, 7_500_000_000]);
  assert.deepEqual([...w.tEnd], [5_900_000_000, 7_400_000_000, 8_999_999_999]);
  assert.deepEqual(w.channels, [7, 2]);
  assert.equal(w.min.length, 2);
  assert.deepEqual([...w.min[0]], [-1.5, 0.25, NaN], 'NaN (all samples dropped out) stays NaN: drawn as a gap');
  assert.deepEqual([...w.max[0]], [2.5, 0.75, NaN]);
  assert.deepEqual([...w.min[1]], [10, 20, 30]);
  assert.deepEqual([...w.max[1]], [11, 21, 31]);
});

test('flag bit 0 marks a raw window (each bucket one sample); other flag bits do not', () => {
  const raw = { ...envelope, level: 0, groupSize: 1, tEnd: envelope.tStart, max: envelope.min };
  assert.equal(decodeWindow(encode({ ...raw, flags: 1 })).raw, true);
  assert.equal(decodeWindow(encode({ ...raw, flags: 3 })).raw, true);
  assert.equal(decodeWindow(encode({ ...raw, flags: 2 })).raw, false);
});

test('values are float32: a float64 value comes back rounded to float32', () => {
  const w = decodeWindow(encode({ ...envelope, min: [[0.1, 0, 0], [0, 0, 0]] }));
  assert.equal(w.min[0][0], Math.fround(0.1));
  assert.notEqual(w.min[0][0], 0.1);
});

test('the min and max columns are views on the received bytes, not copies', () => {
  const buf = encode(envelope);
  const w = decodeWindow(buf);
  assert.equal(w.min[1].buffer, buf);
  assert.equal(w.max[1].byteOffset, 40 + 16 * 3 + 4 * 2 + 8 * 3 * 1 + 4 * 3);
});

test('an empty window (no samples in the range) decodes to no buckets', () => {
  const w = decodeWindow(encode({ ...envelope, tStart: [], tEnd: [], min: [[], []], max: [[], []] }));
  assert.equal(w.tStart.length, 0);
  assert.deepEqual(w.channels, [7, 2]);
  assert.equal(w.min[0].length, 0);
  assert.equal(w.t1, 9_000_000_000);
});

test('a short, foreign, newer or truncated window is refused with what is wrong', () => {
  assert.throws(() => decodeWindow(new ArrayBuffer(39)), /too short: 39 bytes/);
  assert.throws(() => decodeWindow(encode(envelope, 'TSSG')), /magic is not TSSW/);
  assert.throws(() => decodeWindow(encode({ ...envelope, version: 2 })), /Unsupported signal window version 2/);
  const whole = encode(envelope);
  const need = 40 + 16 * 3 + 4 * 2 + 8 * 3 * 2;
  assert.throws(() => decodeWindow(whole.slice(0, need - 4)), new RegExp(`truncated: ${need - 4} of ${need} bytes`));
  assert.equal(decodeWindow(whole.slice(0, need)).max[1][2], 31, 'the padding is not needed');
});
