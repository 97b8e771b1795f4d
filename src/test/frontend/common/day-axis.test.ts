// The day axis of ts-day-chart: the project page's "Last 14 days" and, later, the Agreement screen's charts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countMax, dayLabel, daySplits, xRange } from '../../../main/frontend/common/day-axis.ts';

const DAY = 86_400;
// 2026-11-24 and 2026-12-07, UTC midnights: the first and last of fourteen days.
const FIRST = Date.UTC(2026, 10, 24) / 1000;
const LAST = Date.UTC(2026, 11, 7) / 1000;

test('fourteen days span the first to the last day, half a day either side, with a tick on each day', () => {
  const days = Array.from({ length: 14 }, (_, i) => FIRST + i * DAY);
  const [min, max] = xRange(days);
  assert.deepEqual([min, max], [FIRST - DAY / 2, LAST + DAY / 2]);
  const ticks = daySplits(min, max);
  assert.deepEqual(ticks, days);
  assert.equal(dayLabel(ticks[0]), '24 Nov');
  assert.equal(dayLabel(ticks[13]), '7 Dec');
});

test('a single day gets a whole day either side, so its bar or point is not at the edge', () => {
  assert.deepEqual(xRange([LAST]), [LAST - DAY, LAST + DAY]);
  assert.deepEqual(daySplits(LAST - DAY, LAST + DAY), [LAST - DAY, LAST, LAST + DAY]);
});

test('sixty days tick every eighth day, so the labels do not overlap', () => {
  const days = Array.from({ length: 60 }, (_, i) => FIRST + i * DAY);
  const [min, max] = xRange(days);
  const ticks = daySplits(min, max);
  assert.equal(ticks.length, 8);
  assert.equal(ticks[1] - ticks[0], 8 * DAY);
});

test('a count axis ends on 1, 2 or 5 times a power of ten at or over the largest count', () => {
  assert.equal(countMax([0, 0, null]), 1, 'an all-zero chart still has an axis 0..1');
  assert.equal(countMax([1]), 1);
  assert.equal(countMax([3, 18, null, 7]), 20);
  assert.equal(countMax([20]), 20);
  assert.equal(countMax([21]), 50);
  assert.equal(countMax([51]), 100);
  assert.equal(countMax([450]), 500);
});
