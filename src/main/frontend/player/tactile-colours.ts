// A perceptually ordered dark-to-bright ramp (roughly viridis' anchor colours): pressure reads as brightness, and
// it stays legible for the common colour-vision deficiencies.
const STOPS: [number, number, number][] = [
  [68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37],
];

/** CSS colour for a value already normalised to [0, 1]; values outside are clamped. */
export function colourAt(x: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(f));
  const k = f - i;
  const [a, b] = [STOPS[i], STOPS[i + 1]];
  return `rgb(${Math.round(a[0] + (b[0] - a[0]) * k)},${Math.round(a[1] + (b[1] - a[1]) * k)},`
    + `${Math.round(a[2] + (b[2] - a[2]) * k)})`;
}
