// The day axis of the charts (ts-day-chart): days are UTC midnights in epoch seconds. No DOM here, so
// src/test/frontend runs it in Node.

export const DAY_S = 86_400;

/** The x range in epoch seconds: the first to the last day, padded half a day (a whole day around a single day). */
export function xRange(days: number[]): [number, number] {
  const first = Math.min(...days);
  const last = Math.max(...days);
  const pad = first === last ? DAY_S : DAY_S / 2;
  return [first - pad, last + pad];
}

/** Ticks at UTC midnights inside the range: every day up to two weeks, then every n-th day so about 8 show. */
export function daySplits(min: number, max: number): number[] {
  const firstDay = Math.ceil(min / DAY_S) * DAY_S;
  const count = Math.floor((max - firstDay) / DAY_S) + 1;
  const step = count <= 14 ? 1 : Math.ceil(count / 8);
  const splits: number[] = [];
  for (let t = firstDay; t <= max; t += step * DAY_S) {
    splits.push(t);
  }
  return splits;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "7 Dec" for a UTC midnight (the days are UTC dates). */
export function dayLabel(t: number): string {
  const d = new Date(t * 1000);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/**
 * The top of a count axis: the largest value rounded up to 1, 2 or 5 times a power of ten, at least 1, so that the
 * axis ends on a labelled whole number and an all-zero chart still has an axis from 0 to 1.
 */
export function countMax(values: (number | null)[]): number {
  const max = Math.max(1, ...values.filter((v): v is number => v != null));
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= max) {
      return step * power;
    }
  }
  return 10 * power;
}
