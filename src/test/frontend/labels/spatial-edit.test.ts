// Pure edits of box and cuboid tracks: what they return keeps the server's rules (LabelRules) and never changes the
// label they were given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fitBox, hasKeyframeAt, MIN_BOX_PIXELS, moveBox, moveCuboid, newBox, newCuboid, nextTrackId, removeKeyframe,
  resizeBox, resizeCuboid, rotateCuboid, setBoxAt, wrapYaw,
} from '../../../main/frontend/labels/spatial-edit.ts';
import type { BoxTrackLabel, CuboidTrackLabel, Label } from '../../../main/frontend/labels/label-model.ts';

const image = { width: 640, height: 480 };

function boxTrack(...keyframes: [number, number, number, number, number][]): BoxTrackLabel {
  return { id: 'b', kind: 'box2d', definition: 'object', classKey: 'cup', trackId: '1', stream: 'cam',
    keyframes: keyframes.map(([time, x, y, width, height]) => ({ time, x, y, width, height })) };
}

function cuboidTrack(yaw: number): CuboidTrackLabel {
  return { id: 'c', kind: 'cuboid3d', definition: 'object', classKey: 'cup', trackId: '1', stream: 'cloud',
    keyframes: [{ time: 0, cx: 1, cy: 2, cz: 0.5, length: 0.4, width: 0.2, height: 0.1, yaw }] };
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}, expected ${expected}`);
}

test('a new track takes one more than the highest whole-number id of its kind, stream and definition', () => {
  const labels: Label[] = [
    { ...boxTrack(), id: 'x', trackId: '1' }, { ...boxTrack(), id: 'y', trackId: '3' },
    { ...boxTrack(), id: 'z', trackId: 'cup-a' },
    { ...boxTrack(), id: 'w', trackId: '9', stream: 'other cam' },
    { ...boxTrack(), id: 'v', trackId: '8', definition: 'hand' },
    { ...cuboidTrack(0), trackId: '7', stream: 'cam' },
  ];
  assert.equal(nextTrackId(labels, 'box2d', 'cam', 'object'), '4', 'track 2, given up, is not handed out again');
  assert.equal(nextTrackId(labels, 'box2d', 'other cam', 'object'), '10');
  assert.equal(nextTrackId(labels, 'cuboid3d', 'cam', 'object'), '8');
  assert.equal(nextTrackId([], 'box2d', 'cam', 'object'), '1');
});

test('a rectangle drawn up or left becomes the same box; it is cut to the image and at least 2 px', () => {
  assert.deepEqual(fitBox({ x: 100, y: 80, width: -40, height: -30 }), { x: 60, y: 50, width: 40, height: 30 });
  assert.deepEqual(fitBox({ x: 600, y: -10, width: 100, height: 50 }, image), { x: 600, y: 0, width: 40, height: 40 });
  assert.deepEqual(fitBox({ x: 10, y: 10, width: 0.5, height: 0 }), { x: 10, y: 10, width: MIN_BOX_PIXELS, height: 2 });
  assert.deepEqual(fitBox({ x: 640, y: 479.5, width: 0, height: 0 }, image), { x: 638, y: 478, width: 2, height: 2 },
    'at the edge the minimum box grows inwards');
  assert.deepEqual(fitBox({ x: 100, y: 50, width: 0.5, height: 0 }, image), { x: 100, y: 50, width: 2, height: 2 },
    'elsewhere right and down');
  assert.throws(() => fitBox({ x: NaN, y: 0, width: 1, height: 1 }), /x must be a finite number, not NaN/);
});

test('a box moved at a fractional position keeps its size exactly', () => {
  // (10.1 + 20.2) - 10.1 is 20.199999999999996 in floating point
  const moved = moveBox(boxTrack([0, 5, 90.7, 20.2, 30.1]), 0, 5.1, 10, image).keyframes[0];
  assert.deepEqual(moved, { time: 0, x: 10.1, y: 100.7, width: 20.2, height: 30.1 });
});

test('a new box starts with one keyframe at a whole, non-negative nanosecond', () => {
  const b = newBox('object', 'cup', '2', 'cam', 1500.6, { x: 1, y: 2, width: 30, height: 40 }, image);
  assert.equal(b.kind, 'box2d');
  assert.equal(b.trackId, '2');
  assert.deepEqual(b.keyframes, [{ time: 1501, x: 1, y: 2, width: 30, height: 40 }]);
  assert.match(b.id, /^[0-9a-f-]{36}$/);
  assert.notEqual(newBox('object', 'cup', '2', 'cam', 0, { x: 1, y: 2, width: 3, height: 4 }).id, b.id);
  assert.equal(newBox('object', 'cup', '2', 'cam', -5, { x: 1, y: 2, width: 3, height: 4 }).keyframes[0].time, 0);
});

test('setting a box between keyframes adds a keyframe there and leaves the given track unchanged', () => {
  const track = boxTrack([0, 0, 0, 10, 10], [100, 100, 0, 10, 10]);
  const set = setBoxAt(track, 50, { x: 7, y: 7, width: 20, height: 20 }, image);
  assert.deepEqual(set.keyframes.map((k) => [k.time, k.x]), [[0, 0], [50, 7], [100, 100]]);
  assert.equal(track.keyframes.length, 2);
  const again = setBoxAt(set, 50, { x: 9, y: 9, width: 20, height: 20 }, image);
  assert.deepEqual(again.keyframes.map((k) => [k.time, k.x]), [[0, 0], [50, 9], [100, 100]], 'replaced, not added');
});

test('moving a box starts from where it is shown (interpolated) and stops at the image edge, keeping its size', () => {
  const track = boxTrack([0, 0, 0, 10, 10], [100, 100, 100, 10, 10]);
  const moved = moveBox(track, 50, 5, -3, image);
  assert.deepEqual(moved.keyframes[1], { time: 50, x: 55, y: 47, width: 10, height: 10 });
  const atEdge = moveBox(track, 100, 1000, -1000, image);
  assert.deepEqual(atEdge.keyframes[1], { time: 100, x: 630, y: 0, width: 10, height: 10 });
  assert.throws(() => moveBox(boxTrack(), 0, 1, 1, image), /box track 1 has no keyframes/);
  assert.throws(() => moveBox(track, 0, Infinity, 0), /dx must be a finite number/);
});

test('resizing a box grows it right and down, and never below 2 px', () => {
  const track = boxTrack([0, 10, 10, 20, 20]);
  assert.deepEqual(resizeBox(track, 0, 5, 10, image).keyframes, [{ time: 0, x: 10, y: 10, width: 25, height: 30 }]);
  assert.deepEqual(resizeBox(track, 0, -50, -19, image).keyframes, [{ time: 0, x: 10, y: 10, width: 2, height: 2 }]);
  assert.deepEqual(resizeBox(track, 0, 1000, 0, image).keyframes[0].width, 630, 'cut at the image edge');
});

test('a cuboid moves in the cloud frame, or in its own heading frame when local', () => {
  const turned = cuboidTrack(Math.PI / 2);
  const world = moveCuboid(turned, 0, 1, 0, 0.25).keyframes[0];
  close(world.cx, 2, 'cx'); close(world.cy, 2, 'cy'); close(world.cz, 0.75, 'cz');
  const local = moveCuboid(turned, 0, 1, 0, 0, true).keyframes[0];
  close(local.cx, 1, 'forward along a heading of 90 degrees: cx'); close(local.cy, 3, 'cy');
  const sideways = moveCuboid(turned, 0, 0, 1, 0, true).keyframes[0];
  close(sideways.cx, 0, 'left of a heading of 90 degrees: cx'); close(sideways.cy, 2, 'cy');
  assert.equal(turned.keyframes[0].cx, 1, 'the given track is unchanged');
});

test('turning a cuboid keeps yaw in (-pi, pi]', () => {
  close(rotateCuboid(cuboidTrack(3), 0, 0.5).keyframes[0].yaw, 3.5 - 2 * Math.PI, 'past pi');
  close(rotateCuboid(cuboidTrack(-3), 0, -0.5).keyframes[0].yaw, 2 * Math.PI - 3.5, 'past -pi');
  close(rotateCuboid(cuboidTrack(0), 0, 0.25).keyframes[0].yaw, 0.25, 'inside');
  assert.equal(wrapYaw(-Math.PI), Math.PI);
  assert.equal(wrapYaw(Math.PI), Math.PI);
  close(wrapYaw(7), 7 - 2 * Math.PI, 'a full turn and a bit');
});

test('resizing a cuboid changes its sides about the centre, never below 1 cm', () => {
  const k = resizeCuboid(cuboidTrack(0), 0, 0.1, -1, 0.05).keyframes[0];
  close(k.length, 0.5, 'length'); assert.equal(k.width, 0.01); close(k.height, 0.15, 'height');
  assert.deepEqual([k.cx, k.cy, k.cz], [1, 2, 0.5]);
  const c = newCuboid('object', 'cup', '1', 'cloud', 10, { cx: 0, cy: 0, cz: 0, length: 0, width: -1, height: 2, yaw: 4 });
  assert.deepEqual([c.keyframes[0].length, c.keyframes[0].width, c.keyframes[0].height], [0.01, 0.01, 2]);
  close(c.keyframes[0].yaw, 4 - 2 * Math.PI, 'yaw');
});

test('removing a keyframe: only at exactly that (rounded) time, and the last one removes the track', () => {
  const track = boxTrack([0, 0, 0, 10, 10], [100, 5, 5, 10, 10]);
  assert.deepEqual(removeKeyframe(track, 100.4)!.keyframes.map((k) => k.time), [0]);
  assert.deepEqual(removeKeyframe(track, 50)!.keyframes, track.keyframes, 'none there: unchanged');
  assert.equal(removeKeyframe(boxTrack([0, 0, 0, 10, 10]), 0), undefined);
  assert.equal(hasKeyframeAt(track, 99.6), true);
  assert.equal(hasKeyframeAt(track, 99.4), false);
  assert.equal(track.keyframes.length, 2);
});
