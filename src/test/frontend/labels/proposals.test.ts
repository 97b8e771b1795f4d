// Proposals in the workspace (labels/proposals.ts with the LabelStore): accepting keeps the proposal's id, any edit
// makes it adjusted, Delete makes it deleted, and undo and redo move the outcome with the labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabelStore, type EventLabel, type Label, type LabelStoreChange, type PhaseLabel, type Schema, type ValueLabel }
  from '../../../main/frontend/labels/label-model.ts';
import {
  ProposalBook, describeSource, pendingAtOpen, pendingOnTrackOf, pendingPhasesUnder, type ProposalOutcomeJson,
  type ProposedLabel,
} from '../../../main/frontend/labels/proposals.ts';

const schema: Schema = {
  name: 'pick',
  definitions: [
    { key: 'phase', name: 'Phase', type: 'phase', required: true,
      classes: [{ key: 'reach', name: 'Reach' }, { key: 'grasp', name: 'Grasp' }] },
    { key: 'contact', name: 'Contact', type: 'event', required: false, classes: [{ key: 'on', name: 'On' }] },
    { key: 'outcome', name: 'Outcome', type: 'category', required: true, classes: [{ key: 'success', name: 'Success' }] },
  ],
};

function phase(id: string, start: number, end: number, classKey = 'reach', track = 'main'): PhaseLabel {
  return { id, kind: 'phase', definition: 'phase', track, classKey, start, end };
}

function event(id: string, time: number): EventLabel {
  return { id, kind: 'event', definition: 'contact', classKey: 'on', time };
}

function value(id: string, classes: string[]): ValueLabel {
  return { id, kind: 'value', definition: 'outcome', segment: null, classes, number: null, accept: null, text: null };
}

function proposed(label: Label, source = 'signals.phase', confidence = 0.8): ProposedLabel {
  return { label, source, version: '2', confidence,
    evidence: [{ stream: 'gripper', channels: ['aperture'], start: 0, end: 10, note: 'closed below 40 %' }] };
}

/** A workspace opened on a draft with `own` labels and `offered` proposals, none acted on before. */
function open(own: Label[], offered: ProposedLabel[], outcomes: ProposalOutcomeJson[] = []) {
  const pending = pendingAtOpen(offered, outcomes, own);
  const store = new LabelStore(schema, 100, own, pending);
  const book = new ProposalBook(offered, pending, outcomes);
  return { store, book };
}

test('a proposal shows as a pending label that is not yet the draft\'s', () => {
  const { store, book } = open([phase('mine', 50, 60)], [proposed(phase('p1', 0, 20))]);
  assert.deepEqual(store.labels().map((l) => l.id).sort(), ['mine', 'p1'], 'shown with the draft\'s labels');
  assert.deepEqual(store.draftLabels().map((l) => l.id), ['mine'], 'not saved or submitted');
  assert.equal(store.isPending('p1'), true);
  assert.equal(book.outcome(store, 'p1'), 'proposed');
  assert.equal(book.outcome(store, 'mine'), undefined, 'the annotator\'s own label is no proposal');
});

test('accepting keeps the proposal\'s id and label: accepted; undo makes it proposed again, redo accepted', () => {
  const { store, book } = open([], [proposed(phase('p1', 0, 20))]);
  const changes: LabelStoreChange[] = [];
  store.addEventListener('change', (e) => changes.push((e as CustomEvent<LabelStoreChange>).detail));

  store.accept('accept proposed Reach', ['p1']);
  assert.equal(book.outcome(store, 'p1'), 'accepted');
  assert.deepEqual(store.draftLabels(), [phase('p1', 0, 20)], 'the draft holds it under the proposal\'s id');
  assert.deepEqual(changes.at(-1)!.ids, ['p1'], 'the autosave hears of it');

  assert.equal(store.undo(), true);
  assert.equal(book.outcome(store, 'p1'), 'proposed');
  assert.deepEqual(store.draftLabels(), []);
  assert.deepEqual(store.get('p1'), phase('p1', 0, 20), 'still shown, as proposed');
  assert.deepEqual(changes.at(-1)!.ids, ['p1']);

  store.redo();
  assert.equal(book.outcome(store, 'p1'), 'accepted');
});

test('any edit of a proposal accepts it changed: adjusted; undo restores the proposal as it was', () => {
  const { store, book } = open([], [proposed(phase('p1', 0, 20)), proposed(event('e1', 30), 'signals.contact')]);
  store.edit('move end', [phase('p1', 0, 25)]);
  store.edit('class → Grasp', [{ ...phase('p1', 0, 25), classKey: 'grasp' }]);
  assert.equal(book.outcome(store, 'p1'), 'adjusted');
  assert.equal(store.isPending('p1'), false);
  assert.equal(book.outcome(store, 'e1'), 'proposed', 'the other proposal is untouched');

  store.undo();
  assert.equal(book.outcome(store, 'p1'), 'adjusted', 'one edit back it is still changed');
  store.undo();
  assert.equal(book.outcome(store, 'p1'), 'proposed');
  assert.deepEqual(store.get('p1'), phase('p1', 0, 20));
});

test('an accepted proposal edited later is adjusted, and edited back to the proposal accepted again', () => {
  const { store, book } = open([], [proposed(phase('p1', 0, 20))]);
  store.accept('accept', ['p1']);
  store.edit('move end', [phase('p1', 0, 25)]);
  assert.equal(book.outcome(store, 'p1'), 'adjusted');
  store.edit('move end back', [phase('p1', 0, 20)]);
  assert.equal(book.outcome(store, 'p1'), 'accepted', 'the draft holds the proposal unchanged');
});

test('deleting a proposal, pending or accepted, is deleted; undo brings it back as it was', () => {
  const { store, book } = open([], [proposed(phase('p1', 0, 20)), proposed(event('e1', 30), 'signals.contact')]);
  store.edit('delete Reach', [], ['p1']);
  assert.equal(book.outcome(store, 'p1'), 'deleted');
  assert.equal(store.get('p1'), undefined);
  store.undo();
  assert.equal(book.outcome(store, 'p1'), 'proposed');

  store.accept('accept', ['e1']);
  store.edit('delete On', [], ['e1']);
  assert.equal(book.outcome(store, 'e1'), 'deleted');
  store.undo();
  assert.equal(book.outcome(store, 'e1'), 'accepted', 'undo of the delete: accepted again');
  store.undo();
  assert.equal(book.outcome(store, 'e1'), 'proposed', 'undo of the accept: proposed again');
});

test('accepting a track takes every pending proposal of its definition and track in one undo step', () => {
  const { store, book } = open([], [proposed(phase('p1', 0, 20)), proposed(phase('p2', 20, 40, 'grasp')),
    proposed(phase('side', 0, 10, 'reach', 'left')), proposed(event('e1', 30), 'signals.contact')]);
  store.edit('move', [phase('p2', 22, 40, 'grasp')]);
  const track = pendingOnTrackOf(store, store.get('p1')!);
  assert.deepEqual(track, ['p1'], 'p2 was adjusted already; the left track and the events are other tracks');

  const { store: fresh, book: freshBook } = open([], [proposed(phase('p1', 0, 20)), proposed(phase('p2', 20, 40, 'grasp')),
    proposed(event('e1', 30), 'signals.contact')]);
  fresh.accept('accept 2 proposed Phase', pendingOnTrackOf(fresh, fresh.get('p2')!));
  assert.deepEqual(freshBook.counts(fresh), { proposed: 1, accepted: 2, adjusted: 0, deleted: 0 });
  fresh.undo();
  assert.deepEqual(freshBook.counts(fresh), { proposed: 3, accepted: 0, adjusted: 0, deleted: 0 }, 'one step');
  assert.equal(book.outcome(store, 'p2'), 'adjusted');
});

test('typing into a proposed value coalesces into one step that also undoes the acceptance', () => {
  const { store, book } = open([], [proposed(value('v1', ['success']), 'model.v', 0.6)]);
  store.edit('set Outcome', [value('v1', [])], [], 'text:outcome');
  store.edit('set Outcome', [value('v1', ['success'])], [], 'text:outcome');
  assert.equal(book.outcome(store, 'v1'), 'accepted', 'changed and changed back: the proposal unchanged');
  store.undo();
  assert.equal(book.outcome(store, 'v1'), 'proposed');
  assert.equal(store.canUndo(), false, 'one step');
});

test('after a reload, proposals acted on are not proposed again; their outcome follows from the draft', () => {
  const offered = [proposed(phase('p1', 0, 20)), proposed(phase('p2', 20, 40, 'grasp')), proposed(event('e1', 30)),
    proposed(event('e2', 50))];
  const record = (labelId: string, outcome: ProposalOutcomeJson['outcome']): ProposalOutcomeJson =>
    ({ labelId, source: 'signals.phase', version: '2', confidence: 0.8, outcome });
  const outcomes = [record('p1', 'accepted'), record('p2', 'adjusted'), record('e1', 'deleted'), record('e2', 'proposed')];
  const { store, book } = open([phase('p1', 0, 20), phase('p2', 20, 45, 'grasp')], offered, outcomes);

  assert.deepEqual(store.pendingIds(), ['e2'], 'only the one never acted on');
  assert.equal(book.outcome(store, 'p1'), 'accepted');
  assert.equal(book.outcome(store, 'p2'), 'adjusted');
  assert.equal(book.outcome(store, 'e1'), 'deleted');
  store.edit('move', [phase('p1', 0, 18)]);
  assert.equal(book.outcome(store, 'p1'), 'adjusted', 'an accepted proposal edited after a reload is adjusted');
});

test('a proposal that collides with the annotator\'s own label is not shown and gets no outcome', () => {
  const own = [phase('mine', 10, 30), value('v-mine', ['success'])];
  const offered = [proposed(phase('p1', 0, 20)), proposed(phase('p2', 30, 40)), proposed(value('v1', ['success'])),
    proposed(phase('mine', 10, 30)), proposed(phase('p3', 35, 45))];
  const { store, book } = open(own, offered);
  assert.deepEqual(store.pendingIds(), ['p2'], 'overlapping, the same value, the same id, overlapping another proposal');
  assert.equal(book.outcome(store, 'p1'), undefined);
  assert.equal(book.outcome(store, 'mine'), undefined);
  assert.deepEqual(book.ids(), ['p2']);
});

test('the source line says who proposed it, which version, and how sure it was', () => {
  assert.equal(describeSource(proposed(event('e1', 1), 'signals.contact', 0.8166)), 'signals.contact v2 · confidence 0.82');
});

test('a proposal whose source gave no confidence says so instead of showing a number', () => {
  const p = { ...proposed(event('e1', 1), 'vlm', 0.5), confidence: null };
  assert.equal(describeSource(p), 'vlm v2 · no confidence');
});

test('a phase drawn by hand replaces the pending proposed phases it overlaps on its track: they are deleted', () => {
  const { store, book } = open([], [proposed(phase('p1', 0, 20)), proposed(phase('p2', 20, 40, 'grasp')),
    proposed(phase('p3', 40, 60)), proposed(phase('other', 0, 60, 'reach', 'left'))]);
  assert.deepEqual(pendingPhasesUnder(store, phase('mine', 10, 30, 'grasp')), ['p1', 'p2'],
    'those it overlaps on its track, not the one it only touches nor another track\'s');
  assert.deepEqual(pendingPhasesUnder(store, phase('mine', 30, 10, 'grasp')), ['p1', 'p2'], 'drawn backwards');
  store.accept('accept proposed Reach', ['p3']);
  assert.deepEqual(pendingPhasesUnder(store, phase('mine', 50, 55)), [], 'an accepted proposal is the draft\'s own');
  store.edit('add Grasp, replacing 2 proposed', [phase('mine', 10, 30, 'grasp')], ['p1', 'p2']);
  assert.equal(book.outcome(store, 'p1'), 'deleted');
  assert.equal(book.outcome(store, 'p2'), 'deleted');
  store.undo();
  assert.equal(book.outcome(store, 'p1'), 'proposed', 'undo brings them back as proposed');
});
