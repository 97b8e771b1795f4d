// The gap track's model: overlapping gaps stacked into rows, and the edits the workspace makes on them, with the
// rules of the server's LabelRules (a mode of the taxonomy, start before end inside the episode, the note's cap).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_GAP_NOTE, addGap, gapsAt, gapsOf, moveGapEdge, setGapMode, setGapNote, stackGaps,
} from '../../../main/frontend/labels/gap-track.ts';
import { LabelStore, type GapLabel, type Label, type Schema } from '../../../main/frontend/labels/label-model.ts';

const S = 1_000_000_000;
const DURATION = 10 * S;

const schema: Schema = {
  name: 'Sim-to-real gaps',
  definitions: [
    { key: 'gap', name: 'Sim-to-real gap', type: 'gap', required: false,
      classes: [{ key: 'friction', name: 'Friction' }, { key: 'latency', name: 'Latency' },
        { key: 'perception', name: 'Perception' }] },
  ],
};

function gap(id: string, start: number, end: number, mode = 'friction', note: string | null = null): GapLabel {
  return { id, kind: 'gap', definition: 'gap', mode, start: start * S, end: end * S, note };
}

function put(result: ReturnType<typeof addGap>): Label[] {
  assert.ok('put' in result, 'refused' in result ? result.refused : '');
  return result.put;
}

test('overlapping gaps take the lowest free row, so the lane has as many rows as gaps at one instant', () => {
  const gaps = [gap('a', 1, 4), gap('b', 2, 3, 'latency'), gap('c', 3.5, 6, 'perception'), gap('d', 4, 5)];
  const { rows, rowOf } = stackGaps(gaps);
  // a [1,4) row 0; b [2,3) overlaps a: row 1; c [3.5,6) overlaps a, row 1 is free again (b ended at 3): row 1;
  // d [4,5) starts when a ends: row 0
  assert.deepEqual(Object.fromEntries(rowOf), { a: 0, b: 1, c: 1, d: 0 });
  assert.equal(rows, 2);
  assert.equal(stackGaps([]).rows, 1, 'an empty lane still has its one row');
});

test('gapsOf keeps the definition in time order and gapsAt finds every gap under the playhead', () => {
  const labels: Label[] = [gap('late', 5, 6), gap('early', 1, 4), gap('inner', 2, 3, 'latency'),
    { id: 'p', kind: 'phase', definition: 'phase', track: 'main', classKey: 'reach', start: 0, end: S }];
  assert.deepEqual(gapsOf(labels, 'gap').map((g) => g.id), ['early', 'inner', 'late']);
  assert.deepEqual(gapsAt(labels, 'gap', 2.5 * S).map((g) => g.id), ['early', 'inner']);
  assert.deepEqual(gapsAt(labels, 'gap', 4 * S).map((g) => g.id), [], 'a gap ends before its end instant');
});

test('a gap is added in either order and may overlap another; empty, outside or unknown-mode gaps are refused', () => {
  const [added] = put(addGap(schema, DURATION, gap('x', 4, 2)));
  assert.equal((added as GapLabel).start, 2 * S);
  assert.equal((added as GapLabel).end, 4 * S);
  assert.ok('put' in addGap(schema, DURATION, gap('y', 3, 5, 'latency')), 'overlapping another gap is fine');
  const empty = addGap(schema, DURATION, gap('z', 3, 3));
  assert.ok('refused' in empty && empty.refused.includes('would be empty'));
  const outside = addGap(schema, DURATION, gap('z', 9, 11));
  assert.ok('refused' in outside && outside.refused.includes('leave the episode'));
  const unknown = addGap(schema, DURATION, gap('z', 1, 2, 'wind'));
  assert.ok('refused' in unknown && unknown.refused.includes("'wind' is not a failure mode"));
});

test('an edge moves inside the episode and never past the other edge', () => {
  const g = gap('g', 2, 4);
  assert.equal((put(moveGapEdge(schema, DURATION, g, 'end', 12 * S))[0] as GapLabel).end, DURATION);
  assert.equal((put(moveGapEdge(schema, DURATION, g, 'start', 6 * S))[0] as GapLabel).start, 4 * S - 1);
  assert.equal((put(moveGapEdge(schema, DURATION, g, 'start', -S))[0] as GapLabel).start, 0);
  assert.ok('refused' in moveGapEdge(schema, DURATION, { ...g, start: 0 }, 'start', -S));
});

test('the mode comes from the taxonomy and the note is capped; a blank note is none', () => {
  assert.equal((put(setGapMode(schema, gap('g', 1, 2), 'perception'))[0] as GapLabel).mode, 'perception');
  assert.ok('refused' in setGapMode(schema, gap('g', 1, 2), 'wind'));
  assert.equal((put(setGapNote(schema, gap('g', 1, 2), 'slides '))[0] as GapLabel).note, 'slides ');
  assert.equal((put(setGapNote(schema, gap('g', 1, 2, 'friction', 'x'), '   '))[0] as GapLabel).note, null);
  assert.ok('put' in setGapNote(schema, gap('g', 1, 2), 'n'.repeat(MAX_GAP_NOTE)));
  assert.ok('refused' in setGapNote(schema, gap('g', 1, 2), 'n'.repeat(MAX_GAP_NOTE + 1)));
});

test('gap edits are undoable like every edit, and typing a note is one undo step', () => {
  const store = new LabelStore(schema, DURATION);
  const added = addGap(schema, DURATION, gap('g', 1, 3));
  assert.ok('put' in added);
  store.edit(added.description, added.put);
  for (const text of ['c', 'cu', 'cub', 'cube']) {
    const result = setGapNote(schema, store.get('g') as GapLabel, text);
    assert.ok('put' in result);
    store.edit(result.description, result.put, [], 'note:g');
  }
  const moved = moveGapEdge(schema, DURATION, store.get('g') as GapLabel, 'end', 5 * S);
  assert.ok('put' in moved);
  store.edit(moved.description, moved.put);
  assert.equal((store.get('g') as GapLabel).end, 5 * S);
  store.undo();
  assert.equal((store.get('g') as GapLabel).end, 3 * S);
  assert.equal((store.get('g') as GapLabel).note, 'cube');
  store.undo();
  assert.equal((store.get('g') as GapLabel).note, null, 'the typed note goes in one step');
  store.undo();
  assert.equal(store.get('g'), undefined);
  store.redo();
  assert.equal((store.get('g') as GapLabel).start, S);
});
