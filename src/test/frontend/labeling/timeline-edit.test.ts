// Timeline edits of the workspace: the same rules as the server's LabelRules, checked before a label is saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addPhase, labelTime, mergeWithNext, missingRequired, moveBoundary, phaseAt, splitPhase, type EditResult,
} from '../../../main/frontend/labeling/timeline-edit.ts';
import type { Label, PhaseLabel, Schema, ValueLabel } from '../../../main/frontend/labels/label-model.ts';

const S = 1_000_000_000; // one second in nanoseconds
const DURATION = 10 * S;

const schema: Schema = {
  name: 'pick',
  definitions: [
    { key: 'phase', name: 'Phase', type: 'phase', required: true,
      classes: [{ key: 'reach', name: 'Reach' }, { key: 'grasp', name: 'Grasp' }, { key: 'lift', name: 'Lift' }] },
    { key: 'success', name: 'Success', type: 'verdict', required: true, classes: [] },
    { key: 'effort', name: 'Effort', type: 'rating', scope: 'segment', segmentOf: 'phase', required: true,
      classes: [] },
    { key: 'note', name: 'Note', type: 'text', required: false, classes: [] },
    { key: 'drop', name: 'Drop', type: 'event', required: true, classes: [{ key: 'drop', name: 'Drop' }] },
  ],
};

function phase(id: string, start: number, end: number, classKey = 'reach', track = 'main'): PhaseLabel {
  return { id, kind: 'phase', definition: 'phase', track, classKey, start, end };
}

function value(id: string, definition: string, segment: string | null): ValueLabel {
  return { id, kind: 'value', definition, segment, classes: [], number: 3, accept: null, text: null };
}

function put(result: EditResult): Label[] {
  assert.ok('put' in result, `refused: ${'refused' in result ? result.refused : ''}`);
  return result.put;
}

function refused(result: EditResult): string {
  assert.ok('refused' in result, `not refused: ${JSON.stringify(result)}`);
  return result.refused;
}

test('a phase is added from the earlier to the later time, whichever was marked first', () => {
  const result = addPhase(schema, DURATION, [], phase('a', 3 * S, 1 * S));
  assert.deepEqual(put(result), [phase('a', 1 * S, 3 * S)]);
  assert.equal('description' in result && result.description, 'add Reach');
});

test('an empty phase, or one that leaves the episode, is refused with its reason', () => {
  assert.equal(refused(addPhase(schema, DURATION, [], phase('a', 2 * S, 2 * S))),
    'Reach would be empty: move the playhead to where it ends first');
  assert.equal(refused(addPhase(schema, DURATION, [], phase('a', 9 * S, 11 * S))),
    'Reach would leave the episode (0 – 10.000 s)');
  assert.match(refused(addPhase(schema, DURATION, [], phase('a', -1, S))), /would leave the episode/);
  assert.deepEqual(put(addPhase(schema, DURATION, [], phase('a', 0, DURATION))), [phase('a', 0, DURATION)],
    'the whole episode fits');
});

test('phases of one track may touch but not overlap; other tracks are independent', () => {
  const labels = [phase('g', 2 * S, 4 * S, 'grasp')];
  assert.equal(refused(addPhase(schema, DURATION, labels, phase('a', 3 * S, 5 * S))),
    'Reach 3.000 s – 5.000 s would overlap Grasp 2.000 s – 4.000 s on the same track');
  assert.match(refused(addPhase(schema, DURATION, labels, phase('a', 1 * S, 9 * S))), /would overlap Grasp/,
    'containing it');
  assert.equal(put(addPhase(schema, DURATION, labels, phase('a', 4 * S, 5 * S))).length, 1, 'touching at 4 s');
  assert.equal(put(addPhase(schema, DURATION, labels, phase('a', 0, 2 * S))).length, 1, 'touching at 2 s');
  assert.equal(put(addPhase(schema, DURATION, labels, phase('a', 3 * S, 5 * S, 'reach', 'left'))).length, 1);
});

test('moving a boundary shared with a neighbour moves the neighbour with it', () => {
  const reach = phase('r', 1 * S, 3 * S);
  const grasp = phase('g', 3 * S, 6 * S, 'grasp');
  const result = moveBoundary(schema, DURATION, [reach, grasp], reach, 'end', 4 * S);
  assert.deepEqual(put(result), [phase('r', 1 * S, 4 * S), phase('g', 4 * S, 6 * S, 'grasp')]);
  assert.equal('description' in result && result.description, 'move end of Reach');
  assert.deepEqual(put(moveBoundary(schema, DURATION, [reach, grasp], grasp, 'start', 2 * S)),
    [phase('g', 2 * S, 6 * S, 'grasp'), phase('r', 1 * S, 2 * S)]);
});

test('a shared boundary stops 1 ns before it would swallow the neighbour', () => {
  const reach = phase('r', 1 * S, 3 * S);
  const grasp = phase('g', 3 * S, 6 * S, 'grasp');
  assert.deepEqual(put(moveBoundary(schema, DURATION, [reach, grasp], reach, 'end', 8 * S)),
    [phase('r', 1 * S, 6 * S - 1), phase('g', 6 * S - 1, 6 * S, 'grasp')]);
  assert.deepEqual(put(moveBoundary(schema, DURATION, [reach, grasp], grasp, 'start', 0)),
    [phase('g', 1 * S + 1, 6 * S, 'grasp'), phase('r', 1 * S, 1 * S + 1)]);
});

test('a boundary with a gap before the next phase stops at that phase; the episode ends stop it too', () => {
  const reach = phase('r', 1 * S, 3 * S);
  const lift = phase('l', 5 * S, 7 * S, 'lift');
  assert.deepEqual(put(moveBoundary(schema, DURATION, [reach, lift], reach, 'end', 9 * S)), [phase('r', 1 * S, 5 * S)]);
  assert.deepEqual(put(moveBoundary(schema, DURATION, [reach, lift], lift, 'start', 2 * S)),
    [phase('l', 3 * S, 7 * S, 'lift')]);
  assert.deepEqual(put(moveBoundary(schema, DURATION, [reach, lift], reach, 'start', -5 * S)), [phase('r', 0, 3 * S)]);
  assert.deepEqual(put(moveBoundary(schema, DURATION, [reach, lift], lift, 'end', 20 * S)),
    [phase('l', 5 * S, DURATION, 'lift')]);
  assert.deepEqual(put(moveBoundary(schema, DURATION, [reach], reach, 'end', 2.4 * S + 0.4)),
    [phase('r', 1 * S, 2.4 * S)], 'whole nanoseconds');
});

test('a boundary cannot pass the phase\'s other boundary, and a move that changes nothing is refused', () => {
  const reach = phase('r', 1 * S, 3 * S);
  assert.deepEqual(put(moveBoundary(schema, DURATION, [reach], reach, 'end', 0)), [phase('r', 1 * S, 1 * S + 1)]);
  assert.deepEqual(put(moveBoundary(schema, DURATION, [reach], reach, 'start', 9 * S)), [phase('r', 3 * S - 1, 3 * S)]);
  const atEnd = phase('r', 1 * S, DURATION);
  assert.equal(refused(moveBoundary(schema, DURATION, [atEnd], atEnd, 'end', 12 * S)),
    'Reach cannot move further that way');
});

test('a split cuts the phase at the playhead into two of the same class; outside it is refused', () => {
  const grasp = phase('g', 2 * S, 6 * S, 'grasp');
  assert.deepEqual(put(splitPhase(schema, grasp, 5 * S, 'g2')),
    [phase('g', 2 * S, 5 * S, 'grasp'), phase('g2', 5 * S, 6 * S, 'grasp')]);
  assert.equal(refused(splitPhase(schema, grasp, 2 * S, 'g2')), 'Put the playhead inside Grasp to split it');
  assert.match(refused(splitPhase(schema, grasp, 6 * S, 'g2')), /inside Grasp/);
});

test('a merge joins a phase with the next one of its track, whose segment values go with it', () => {
  const reach = phase('r', 1 * S, 3 * S);
  const other = phase('o', 3 * S, 4 * S, 'lift', 'left');
  const lift = phase('l', 5 * S, 7 * S, 'lift');
  const labels: Label[] = [lift, reach, other, value('e1', 'effort', 'l'), value('e2', 'effort', 'r')];
  const result = mergeWithNext(schema, labels, reach);
  assert.ok('put' in result);
  assert.deepEqual(result.put, [phase('r', 1 * S, 7 * S)]);
  assert.deepEqual(result.remove, ['l', 'e1']);
  assert.equal(result.description, 'merge Reach with Lift');
  assert.equal(refused(mergeWithNext(schema, labels, lift)), 'Lift has no next phase on its track to merge with');
});

test('the phase under the playhead contains its start and not its end', () => {
  const labels = [phase('r', 1 * S, 3 * S), phase('g', 3 * S, 6 * S, 'grasp')];
  assert.equal(phaseAt(labels, 'phase', 'main', 1 * S)?.id, 'r');
  assert.equal(phaseAt(labels, 'phase', 'main', 3 * S)?.id, 'g');
  assert.equal(phaseAt(labels, 'phase', 'main', 6 * S), undefined);
  assert.equal(phaseAt(labels, 'phase', 'left', 2 * S), undefined);
});

test('what a submission lacks: required labels, episode values and the values of each segment', () => {
  assert.deepEqual(missingRequired(schema, []), [
    'Phase is required: add at least one', 'Success is required', 'Drop is required: add at least one',
  ]);
  const labels: Label[] = [
    phase('r', 1 * S, 3 * S), phase('g', 3 * S, 6 * S, 'grasp'), value('e', 'effort', 'g'),
    { id: 'd', kind: 'event', definition: 'drop', classKey: 'drop', time: 4 * S },
  ];
  assert.deepEqual(missingRequired(schema, labels), ['Success is required', 'Effort is required for Reach at 1.000 s']);
  labels.push(value('s', 'success', 'r'));
  assert.deepEqual(missingRequired(schema, labels), ['Success is required', 'Effort is required for Reach at 1.000 s'],
    'a value on a segment is not the episode value');
  labels.push(value('s2', 'success', null), value('e2', 'effort', 'r'));
  assert.deepEqual(missingRequired(schema, labels), []);
});

test('a label sits on the timeline at its start; a segment value at its segment; an episode value before all', () => {
  const reach = phase('r', 2 * S, 3 * S);
  const boxes: Label = { id: 'b', kind: 'box2d', definition: 'x', classKey: 'y', trackId: '1', stream: 'cam',
    keyframes: [{ time: 5 * S, x: 0, y: 0, width: 2, height: 2 }, { time: 7 * S, x: 0, y: 0, width: 2, height: 2 }] };
  const labels: Label[] = [reach, boxes];
  assert.equal(labelTime(reach, labels), 2 * S);
  assert.equal(labelTime(boxes, labels), 5 * S);
  assert.equal(labelTime(value('e', 'effort', 'r'), labels), 2 * S);
  assert.equal(labelTime(value('s', 'success', null), labels), -1);
  assert.equal(labelTime({ id: 'd', kind: 'event', definition: 'drop', classKey: 'drop', time: 4 * S }, labels), 4 * S);
});
