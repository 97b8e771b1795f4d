// The paired player's alignment and difference arithmetic (docs/player.md, "Paired player"), with worked examples
// computed by hand in the comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  align, bucketSeries, clockEnd, clockOfSecond, interpolate, matchEvents, maxAbsDifference, mergeTimes,
  offsetFromEvents, offsetFromMillis, secondTime,
} from '../../../main/frontend/curation/paired-math.ts';

const S = 1e9;

function series(t: number[], v: number[]) {
  return { t: Float64Array.from(t), v: Float64Array.from(v) };
}

test('the second episode is shown at clock time plus the offset, and back', () => {
  // Offset 2 s: clock 5 s shows the second episode at 7 s; the second's 7 s is on the clock at 5 s.
  assert.equal(secondTime(5 * S, 2 * S), 7 * S);
  assert.equal(clockOfSecond(7 * S, 2 * S), 5 * S);
  assert.equal(secondTime(5 * S, -1.5 * S), 3.5 * S);
});

test('an event at 3.2 s in the first and 3.45 s in the second needs an offset of +250 ms', () => {
  const offset = offsetFromEvents(3.2 * S, 3.45 * S);
  assert.equal(offset, 250_000_000);
  assert.equal(secondTime(3.2 * S, offset), 3.45 * S);
});

test('a typed offset in milliseconds becomes whole nanoseconds; text that is no number does not', () => {
  assert.equal(offsetFromMillis('250'), 250_000_000);
  assert.equal(offsetFromMillis(' -1.5 '), -1_500_000);
  assert.equal(offsetFromMillis('0.0000004'), 0);
  assert.equal(offsetFromMillis('+12.25'), 12_250_000);
  assert.equal(offsetFromMillis(''), undefined);
  assert.equal(offsetFromMillis('12ms'), undefined);
  assert.equal(offsetFromMillis('1e3'), undefined);
});

test('events match by key, first occurrence of each, in the first episode\'s order', () => {
  const first = [
    { key: 'event:contact-on', label: 'Contact on', time: 4 * S },
    { key: 'phase:grasp', label: 'Grasp starts', time: 3 * S },
    { key: 'event:contact-on', label: 'Contact on', time: 9 * S },
    { key: 'phase:lift', label: 'Lift starts', time: 6 * S },
  ];
  const second = [
    { key: 'phase:grasp', label: 'Grasp starts', time: 3.5 * S },
    { key: 'event:contact-on', label: 'Contact on', time: 10 * S },
    { key: 'event:contact-on', label: 'Contact on', time: 4.25 * S },
    { key: 'phase:place', label: 'Place starts', time: 8 * S },
  ];
  const matches = matchEvents(first, second);
  assert.deepEqual(matches.map(m => m.key), ['phase:grasp', 'event:contact-on']);
  assert.equal(matches[0].offset, 0.5 * S);
  // first contact-on: 4 s and 4.25 s, so +250 ms
  assert.equal(matches[1].first, 4 * S);
  assert.equal(matches[1].second, 4.25 * S);
  assert.equal(matches[1].offset, 250_000_000);
  assert.deepEqual(matchEvents(first, []), []);
});

test('interpolation is linear between samples, exact on them and NaN outside', () => {
  const s = series([0, 10, 20], [1, 3, -1]);
  assert.equal(interpolate(s, 0), 1);
  assert.equal(interpolate(s, 10), 3);
  assert.equal(interpolate(s, 5), 2);
  assert.equal(interpolate(s, 15), 1);
  assert.equal(interpolate(s, 20), -1);
  assert.ok(Number.isNaN(interpolate(s, -1)));
  assert.ok(Number.isNaN(interpolate(s, 21)));
  assert.ok(Number.isNaN(interpolate(series([], []), 0)));
});

test('merged times are the sorted union, each once', () => {
  assert.deepEqual([...mergeTimes(Float64Array.from([0, 2, 4]), Float64Array.from([1, 2, 5]))], [0, 1, 2, 4, 5]);
  assert.deepEqual([...mergeTimes(new Float64Array(0), Float64Array.from([1]))], [1]);
});

test('two identical episodes at offset 0 differ by exactly zero everywhere', () => {
  const t = Array.from({ length: 101 }, (_, i) => i * 10_000_000);
  const v = t.map(x => Math.sin(x / S * 3) * 1.7);
  const aligned = align(series(t, v), series(t, v), 0);
  assert.equal(aligned.t.length, 101);
  assert.ok([...aligned.difference].every(d => d === 0));
  assert.equal(maxAbsDifference(aligned), 0);
});

test('the difference is first minus the second at clock t + offset, on the union of both time bases', () => {
  // First: a ramp v = t (in s) sampled at 0, 1, 2, 3 s. Second: the same ramp plus 10, sampled at 0.5, 1.5, 2.5,
  // 3.5 s of its own time. Offset +0.5 s: the second's sample at 1.5 s sits at clock 1 s.
  const first = series([0, 1 * S, 2 * S, 3 * S], [0, 1, 2, 3]);
  const second = series([0.5 * S, 1.5 * S, 2.5 * S, 3.5 * S], [10.5, 11.5, 12.5, 13.5]);
  const aligned = align(first, second, 0.5 * S);
  assert.deepEqual([...aligned.t], [0, 1 * S, 2 * S, 3 * S]);
  // at clock 1 s: first 1, second (own 1.5 s) 11.5, difference -10.5
  assert.deepEqual([...aligned.second], [10.5, 11.5, 12.5, 13.5]);
  assert.deepEqual([...aligned.difference], [-10.5, -10.5, -10.5, -10.5]);

  // Offset 0: the second's samples sit at 0.5 .. 3.5 s of the clock; the base is the union, the ends NaN where one
  // series has no value.
  const unaligned = align(first, second, 0);
  assert.deepEqual([...unaligned.t], [0, 0.5 * S, 1 * S, 1.5 * S, 2 * S, 2.5 * S, 3 * S, 3.5 * S]);
  assert.ok(Number.isNaN(unaligned.difference[0]));
  // clock 1 s: first 1, second interpolated between 10.5 (0.5 s) and 11.5 (1.5 s) = 11, difference -10
  assert.equal(unaligned.difference[2], -10);
  assert.equal(unaligned.difference[3], 1.5 - 11.5);
  assert.ok(Number.isNaN(unaligned.difference[7]));
  assert.equal(maxAbsDifference(unaligned), 10);
});

test('a window of min/max buckets becomes one value per bucket at the bucket middle, moved by the shift', () => {
  const s = bucketSeries(Float64Array.from([0, 10]), Float64Array.from([8, 18]), Float32Array.from([1, 2]),
    Float32Array.from([3, 6]), false, 100);
  assert.deepEqual([...s.t], [104, 114]);
  assert.deepEqual([...s.v], [2, 4]);
  const raw = bucketSeries(Float64Array.from([0, 10]), Float64Array.from([0, 10]), Float32Array.from([1.5, 2]),
    Float32Array.from([1.5, 2]), true, 0);
  assert.deepEqual([...raw.t], [0, 10]);
  assert.deepEqual([...raw.v], [1.5, 2]);
});

test('the clock runs to the later of the first episode\'s end and the second\'s end moved onto the clock', () => {
  assert.equal(clockEnd(10 * S, 12 * S, 1 * S), 11 * S);
  assert.equal(clockEnd(10 * S, 12 * S, 3 * S), 10 * S);
  assert.equal(clockEnd(10 * S, 12 * S, -1 * S), 13 * S);
});
