// The workspace's label model: keyframe interpolation (the same as the server's Label.boxAt / cuboidAt) and the
// store with its undo and redo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  boxAt, colorOf, cuboidAt, FALLBACK_COLOR, LabelStore, remainder, withKeyframe,
  type BoxKey, type CuboidKey, type Label, type LabelStoreChange, type PhaseLabel, type Schema,
} from '../../../main/frontend/labels/label-model.ts';

const schema: Schema = {
  name: 'pick',
  definitions: [
    { key: 'phase', name: 'Phase', type: 'phase', required: true,
      classes: [{ key: 'reach', name: 'Reach', color: '#ff0000' }, { key: 'grasp', name: 'Grasp' }] },
  ],
};

function phase(id: string, start: number, end: number, classKey = 'reach'): PhaseLabel {
  return { id, kind: 'phase', definition: 'phase', track: 'main', classKey, start, end };
}

function box(time: number, x: number, y: number, width: number, height: number): BoxKey {
  return { time, x, y, width, height };
}

test('a box between two keyframes is linear in time; before the first and after the last it is held', () => {
  const keys = [box(100, 0, 10, 20, 40), box(200, 100, 30, 40, 80)];
  assert.deepEqual(boxAt(keys, 125), box(125, 25, 15, 25, 50));
  assert.deepEqual(boxAt(keys, 200), box(200, 100, 30, 40, 80), 'on a keyframe: that keyframe');
  assert.deepEqual(boxAt(keys, 100), box(100, 0, 10, 20, 40));
  assert.deepEqual(boxAt(keys, 0), box(0, 0, 10, 20, 40), 'before the first, at the asked time');
  assert.deepEqual(boxAt(keys, 999), box(999, 100, 30, 40, 80));
  assert.equal(boxAt([], 5), undefined);
});

test('a cuboid turns the short way round between keyframes, across +-pi', () => {
  const pose = { cx: 0, cy: 0, cz: 0, length: 1, width: 1, height: 1 };
  const keys: CuboidKey[] = [{ time: 0, ...pose, yaw: 3.0 }, { time: 100, ...pose, cx: 2, length: 3, yaw: -2.9 }];
  const half = cuboidAt(keys, 50)!;
  // The short way is 0.383 rad through pi (the long way would pass 0.05, the mean of 3.0 and -2.9).
  const turn = -2.9 + 2 * Math.PI - 3.0;
  assert.ok(Math.abs(half.yaw - (3.0 + turn / 2 - 2 * Math.PI)) < 1e-12, `${half.yaw}`);
  assert.equal(half.cx, 1);
  assert.equal(half.length, 2);
  assert.ok(Math.abs(cuboidAt(keys, 25)!.yaw - (3.0 + turn / 4)) < 1e-12, 'still positive a quarter of the way');
  assert.equal(cuboidAt(keys, 500)!.yaw, -2.9);
});

test('remainder is the IEEE remainder, in [-m/2, m/2]', () => {
  assert.ok(Math.abs(remainder(7, 2 * Math.PI) - (7 - 2 * Math.PI)) < 1e-12);
  assert.ok(Math.abs(remainder(-4, 2 * Math.PI) - (-4 + 2 * Math.PI)) < 1e-12);
  assert.equal(remainder(1, 2 * Math.PI), 1);
});

test('withKeyframe keeps keyframes sorted, replaces one at the same time and leaves the input alone', () => {
  const keys = [box(100, 1, 1, 5, 5), box(300, 3, 3, 5, 5)];
  assert.deepEqual(withKeyframe(keys, box(200, 2, 2, 5, 5)).map((k) => k.time), [100, 200, 300]);
  assert.deepEqual(withKeyframe(keys, box(50, 0, 0, 5, 5)).map((k) => k.time), [50, 100, 300]);
  assert.deepEqual(withKeyframe(keys, box(300, 9, 9, 5, 5)), [box(100, 1, 1, 5, 5), box(300, 9, 9, 5, 5)]);
  assert.deepEqual(keys.map((k) => k.x), [1, 3]);
});

test('a class without a colour of its own is drawn in the fallback colour', () => {
  assert.equal(colorOf(schema, 'phase', 'reach'), '#ff0000');
  assert.equal(colorOf(schema, 'phase', 'grasp'), FALLBACK_COLOR);
  assert.equal(colorOf(schema, 'nope', 'reach'), FALLBACK_COLOR);
});

/** The store and every change event it sends. */
function store(labels: Label[] = []): { s: LabelStore; changes: LabelStoreChange[] } {
  const s = new LabelStore(schema, 10_000, labels);
  const changes: LabelStoreChange[] = [];
  s.addEventListener('change', (e) => changes.push((e as CustomEvent<LabelStoreChange>).detail));
  return { s, changes };
}

test('an edit puts and removes labels in one step that undo takes back and redo makes again', () => {
  const { s, changes } = store([phase('a', 0, 100)]);
  assert.equal(s.durationNanos, 10_000);
  s.edit('replace a by b', [phase('b', 100, 200)], ['a']);
  assert.deepEqual(s.labels().map((l) => l.id), ['b']);
  assert.deepEqual(changes.at(-1), { ids: ['a', 'b'], description: 'replace a by b', source: 'edit' });
  assert.equal(s.undoDescription(), 'replace a by b');

  assert.equal(s.undo(), true);
  assert.deepEqual(s.labels(), [phase('a', 0, 100)]);
  assert.equal(changes.at(-1)!.source, 'undo');
  assert.equal(s.canUndo(), false);
  assert.equal(s.redoDescription(), 'replace a by b');

  assert.equal(s.redo(), true);
  assert.deepEqual(s.labels(), [phase('b', 100, 200)]);
  assert.equal(changes.at(-1)!.source, 'redo');
  assert.equal(s.canRedo(), false);
  assert.equal(s.redo(), false);
});

test('undo restores the label as it was before, and a new edit clears what could be redone', () => {
  const { s } = store([phase('a', 0, 100)]);
  s.edit('move end', [phase('a', 0, 150)]);
  s.edit('move end', [phase('a', 0, 180)]);
  s.undo();
  assert.deepEqual(s.get('a'), phase('a', 0, 150));
  assert.equal(s.canRedo(), true);
  s.edit('class', [phase('a', 0, 150, 'grasp')]);
  assert.equal(s.canRedo(), false);
  s.undo();
  s.undo();
  assert.deepEqual(s.get('a'), phase('a', 0, 100));
  assert.equal(s.undo(), false);
});

test('an edit that changes nothing (removing an unknown id) is no step and sends no event', () => {
  const { s, changes } = store([phase('a', 0, 100)]);
  s.edit('delete ghost', [], ['ghost']);
  assert.equal(s.canUndo(), false);
  assert.equal(changes.length, 0);
});

test('edits with the same coalesce key within 2 s are one undo step; a pause of 2 s starts a new one', (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  const { s } = store();
  s.edit('add', [phase('a', 0, 100)]);
  s.edit('typing', [phase('a', 0, 110)], [], 'text:a');
  t.mock.timers.tick(1500);
  s.edit('typing', [phase('a', 0, 120)], [], 'text:a');
  t.mock.timers.tick(1500); // 3 s after the first keystroke, but 1.5 s after the last one
  s.edit('typing', [phase('a', 0, 130)], [], 'text:a');
  t.mock.timers.tick(2000);
  s.edit('typing', [phase('a', 0, 140)], [], 'text:a');
  s.edit('other', [phase('a', 0, 150)], [], 'text:b');

  s.undo();
  assert.equal((s.get('a') as PhaseLabel).end, 140, 'another key is its own step');
  s.undo();
  assert.equal((s.get('a') as PhaseLabel).end, 130, 'after a 2 s pause, a new step');
  s.undo();
  assert.equal((s.get('a') as PhaseLabel).end, 100, 'three keystrokes, one step');
  s.undo();
  assert.equal(s.get('a'), undefined);
});

test('once a step is undone, the next coalescing edit is a step of its own', (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 0 });
  const { s } = store([phase('a', 0, 100), phase('b', 100, 200)]);
  s.edit('typing', [phase('a', 0, 110)], [], 'k');
  s.edit('other', [phase('b', 100, 190)], [], 'j');
  s.undo();
  s.edit('typing', [phase('a', 0, 130)], [], 'k');
  assert.equal(s.canRedo(), false);
  s.undo();
  assert.equal((s.get('a') as PhaseLabel).end, 110, 'not merged into the first typing step');
});

test('undo goes back 500 steps, no further', () => {
  const { s } = store();
  for (let i = 0; i < 501; i++) s.edit(`add ${i}`, [phase(`p${i}`, i, i + 1)]);
  let undone = 0;
  while (s.undo()) undone++;
  assert.equal(undone, 500);
  assert.deepEqual(s.labels().map((l) => l.id), ['p0']);
});

test("the server's version replaces a label without an undo step", () => {
  const { s, changes } = store([phase('a', 0, 100)]);
  s.replaceFromServer('a', phase('a', 0, 90));
  assert.deepEqual(s.get('a'), phase('a', 0, 90));
  assert.equal(s.canUndo(), false);
  assert.deepEqual(changes.at(-1), { ids: ['a'], description: 'from server', source: 'server' });
  s.replaceFromServer('a', undefined);
  assert.equal(s.get('a'), undefined);
});

test('selecting sends one event per change of selection; deleting the selected label clears it', () => {
  const { s } = store([phase('a', 0, 100), phase('b', 100, 200)]);
  const selected: (string | null)[] = [];
  s.addEventListener('select', (e) => selected.push((e as CustomEvent<{ id: string | null }>).detail.id));
  s.select('a');
  s.select('a');
  s.select('b');
  assert.deepEqual(selected, ['a', 'b']);
  s.edit('delete a', [], ['a']);
  assert.equal(s.selected, 'b');
  s.edit('delete b', [], ['b']);
  assert.equal(s.selected, null);
  s.undo();
  assert.equal(s.selected, null, 'undo brings the label back, not the selection');
});
