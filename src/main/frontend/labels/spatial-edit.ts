/**
 * Pure edits of box and cuboid tracks, shared by the mouse editors of the views (ts-camera-view, ts-cloud-view) and
 * the workspace's keyboard. Every function returns new objects and never changes its arguments. What they return
 * satisfies the server's rules (LabelRules): finite positions, positive sizes (boxes at least
 * {@link MIN_BOX_PIXELS} px, cuboids at least {@link MIN_CUBOID_METRES} m), keyframe times whole nanoseconds,
 * not negative and strictly increasing. Keeping times inside the episode's duration is the caller's part (the views
 * clamp the clock to the store's duration).
 */
import {
  boxAt, type BoxKey, type BoxTrackLabel, cuboidAt, type CuboidKey, type CuboidTrackLabel, type Label, type Nanos, newId,
  remainder, withKeyframe,
} from './label-model.js';

export interface ImageBounds { width: number; height: number; }
export interface BoxRect { x: number; y: number; width: number; height: number; }
export type CuboidPose = Omit<CuboidKey, 'time'>;

/** Smallest box side in image pixels. */
export const MIN_BOX_PIXELS = 2;
/** Smallest cuboid side in metres. */
export const MIN_CUBOID_METRES = 0.01;

/**
 * Next free integer track id (as a string, "1", "2", ...) among labels of that kind, stream and definition: one
 * more than the highest integer id in use, so an id given up by a deleted track is not handed to a new object.
 * Track ids that are not whole numbers are ignored.
 */
export function nextTrackId(labels: Label[], kind: 'box2d' | 'cuboid3d', stream: string, definition: string): string {
  let highest = 0;
  for (const label of labels) {
    if (label.kind !== kind || label.stream !== stream || label.definition !== definition) continue;
    if (/^\d+$/.test(label.trackId)) highest = Math.max(highest, Number(label.trackId));
  }
  return String(highest + 1);
}

export function newBox(definition: string, classKey: string, trackId: string, stream: string, time: Nanos,
  rect: BoxRect, bounds?: ImageBounds): BoxTrackLabel {
  return {
    id: newId(), kind: 'box2d', definition, classKey, trackId, stream,
    keyframes: [{ time: keyTime(time), ...fitBox(rect, bounds) }],
  };
}

/** The box's state at `time` (interpolated), changed, put as a keyframe at `time`; clamped to bounds, min 2 px. */
export function setBoxAt(label: BoxTrackLabel, time: Nanos, rect: BoxRect, bounds?: ImageBounds): BoxTrackLabel {
  const key: BoxKey = { time: keyTime(time), ...fitBox(rect, bounds) };
  return { ...label, keyframes: withKeyframe(label.keyframes, key) };
}

/** Shifts the box shown at `time` by dx, dy pixels; at the image's edge it stops, keeping its size. */
export function moveBox(label: BoxTrackLabel, time: Nanos, dx: number, dy: number, bounds?: ImageBounds): BoxTrackLabel {
  finite('dx', dx);
  finite('dy', dy);
  const at = boxShown(label, time);
  let { x, y } = at;
  const { width, height } = at;
  x += dx;
  y += dy;
  if (usable(bounds)) {
    x = clamp(x, 0, Math.max(0, bounds.width - width));
    y = clamp(y, 0, Math.max(0, bounds.height - height));
  }
  return setBoxAt(label, time, { x, y, width, height }, bounds);
}

/** Grows (or shrinks, with negative values) the box shown at `time` to the right and down; min 2 px. */
export function resizeBox(label: BoxTrackLabel, time: Nanos, dw: number, dh: number, bounds?: ImageBounds): BoxTrackLabel {
  finite('dw', dw);
  finite('dh', dh);
  const at = boxShown(label, time);
  return setBoxAt(label, time, { x: at.x, y: at.y, width: Math.max(MIN_BOX_PIXELS, at.width + dw),
    height: Math.max(MIN_BOX_PIXELS, at.height + dh) }, bounds);
}

export function newCuboid(definition: string, classKey: string, trackId: string, stream: string, time: Nanos,
  pose: CuboidPose): CuboidTrackLabel {
  return {
    id: newId(), kind: 'cuboid3d', definition, classKey, trackId, stream,
    keyframes: [{ time: keyTime(time), ...fitPose(pose) }],
  };
}

export function setCuboidAt(label: CuboidTrackLabel, time: Nanos, pose: CuboidPose): CuboidTrackLabel {
  const key: CuboidKey = { time: keyTime(time), ...fitPose(pose) };
  return { ...label, keyframes: withKeyframe(label.keyframes, key) };
}

/** dx, dy in the cuboid's own heading frame when `local` is true, else in the cloud frame */
export function moveCuboid(label: CuboidTrackLabel, time: Nanos, dx: number, dy: number, dz: number,
  local = false): CuboidTrackLabel {
  finite('dx', dx);
  finite('dy', dy);
  finite('dz', dz);
  const at = cuboidShown(label, time);
  const c = local ? Math.cos(at.yaw) : 1;
  const s = local ? Math.sin(at.yaw) : 0;
  return setCuboidAt(label, time, { ...pose(at), cx: at.cx + c * dx - s * dy, cy: at.cy + s * dx + c * dy,
    cz: at.cz + dz });
}

/** Turns the cuboid shown at `time` about z; yaw kept in (-pi, pi]. */
export function rotateCuboid(label: CuboidTrackLabel, time: Nanos, dyaw: number): CuboidTrackLabel {
  finite('dyaw', dyaw);
  const at = cuboidShown(label, time);
  return setCuboidAt(label, time, { ...pose(at), yaw: at.yaw + dyaw });
}

/** Changes length (x), width (y) and height (z) of the cuboid shown at `time` about its centre; min 0.01 m. */
export function resizeCuboid(label: CuboidTrackLabel, time: Nanos, dl: number, dw: number, dh: number): CuboidTrackLabel {
  finite('dl', dl);
  finite('dw', dw);
  finite('dh', dh);
  const at = cuboidShown(label, time);
  return setCuboidAt(label, time, { ...pose(at), length: at.length + dl, width: at.width + dw,
    height: at.height + dh });
}

/**
 * Removes the keyframe at exactly `time`; returns undefined when it was the last one. Without a keyframe at `time`
 * the result is an unchanged copy.
 */
export function removeKeyframe<L extends BoxTrackLabel | CuboidTrackLabel>(label: L, time: Nanos): L | undefined {
  const t = keyTime(time);
  const keyframes = (label.keyframes as { time: Nanos }[]).filter((k) => k.time !== t);
  if (keyframes.length === 0) return undefined;
  return { ...label, keyframes } as L;
}

export function hasKeyframeAt(label: BoxTrackLabel | CuboidTrackLabel, time: Nanos): boolean {
  const t = keyTime(time);
  return (label.keyframes as { time: Nanos }[]).some((k) => k.time === t);
}

/** Yaw in (-pi, pi]. */
export function wrapYaw(yaw: number): number {
  let y = remainder(yaw, 2 * Math.PI);
  if (y <= -Math.PI) y += 2 * Math.PI;
  if (y > Math.PI) y -= 2 * Math.PI;
  return y;
}

/**
 * A rectangle as a valid box: a negative width or height turns into the same rectangle drawn the other way, the box
 * is cut to the image (when bounds are given) and grown to at least 2 px, inside the image where it fits.
 */
export function fitBox(rect: BoxRect, bounds?: ImageBounds): BoxRect {
  finite('x', rect.x);
  finite('y', rect.y);
  finite('width', rect.width);
  finite('height', rect.height);
  const [ox0, ox1] = rect.width < 0 ? [rect.x + rect.width, rect.x] : [rect.x, rect.x + rect.width];
  const [oy0, oy1] = rect.height < 0 ? [rect.y + rect.height, rect.y] : [rect.y, rect.y + rect.height];
  let [x0, x1, y0, y1] = [ox0, ox1, oy0, oy1];
  if (usable(bounds)) {
    [x0, x1] = fitSpan(clamp(x0, 0, bounds.width), clamp(x1, 0, bounds.width), bounds.width);
    [y0, y1] = fitSpan(clamp(y0, 0, bounds.height), clamp(y1, 0, bounds.height), bounds.height);
  } else {
    x1 = Math.max(x1, x0 + MIN_BOX_PIXELS);
    y1 = Math.max(y1, y0 + MIN_BOX_PIXELS);
  }
  // An edge left where it was keeps the size as given: (x + width) - x is not always width in floating point, so a
  // move at a fractional position would change the size by a rounding error.
  const width = x0 === ox0 && x1 === ox1 ? Math.abs(rect.width) : x1 - x0;
  const height = y0 === oy0 && y1 === oy1 ? Math.abs(rect.height) : y1 - y0;
  return { x: x0, y: y0, width, height };
}

/** A span [a, b] inside [0, size] of at least the minimum length (or all of `size` when that is smaller). */
function fitSpan(a: number, b: number, size: number): [number, number] {
  const min = Math.min(MIN_BOX_PIXELS, size);
  if (b - a >= min) return [a, b];
  if (a + min <= size) return [a, a + min];
  return [size - min, size];
}

function fitPose(p: CuboidPose): CuboidPose {
  for (const k of ['cx', 'cy', 'cz', 'length', 'width', 'height', 'yaw'] as const) finite(k, p[k]);
  return {
    cx: p.cx, cy: p.cy, cz: p.cz,
    length: Math.max(MIN_CUBOID_METRES, p.length), width: Math.max(MIN_CUBOID_METRES, p.width),
    height: Math.max(MIN_CUBOID_METRES, p.height), yaw: wrapYaw(p.yaw),
  };
}

function pose(k: CuboidKey): CuboidPose {
  return { cx: k.cx, cy: k.cy, cz: k.cz, length: k.length, width: k.width, height: k.height, yaw: k.yaw };
}

function boxShown(label: BoxTrackLabel, time: Nanos): BoxKey {
  const at = boxAt(label.keyframes, keyTime(time));
  if (!at) throw new RangeError(`box track ${label.trackId} has no keyframes`);
  return at;
}

function cuboidShown(label: CuboidTrackLabel, time: Nanos): CuboidKey {
  const at = cuboidAt(label.keyframes, keyTime(time));
  if (!at) throw new RangeError(`cuboid track ${label.trackId} has no keyframes`);
  return at;
}

/** Keyframe times are whole, non-negative nanoseconds (the server stores them as int64). */
function keyTime(time: Nanos): Nanos {
  finite('time', time);
  return Math.max(0, Math.round(time));
}

function usable(bounds: ImageBounds | undefined): bounds is ImageBounds {
  return bounds !== undefined && bounds.width > 0 && bounds.height > 0 && Number.isFinite(bounds.width)
    && Number.isFinite(bounds.height);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function finite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, not ${value}`);
}
