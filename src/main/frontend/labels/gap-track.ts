import type { GapLabel, Label, Nanos, Schema } from './label-model.js';

/**
 * The gap track of the workspace as pure functions: which gaps a definition has, how overlapping gaps are stacked
 * into rows of one lane, and the edits (add, move an edge, change the mode, write the note), each answering the
 * labels to put or why it cannot be made. The server checks the same rules (LabelRules): a mode of the taxonomy,
 * start before end inside the episode, a note of at most {@link MAX_GAP_NOTE} characters. Unlike phases, gaps may
 * overlap, so no edit is refused for touching another gap.
 */

/**
 * An edit's labels to put, or why it cannot be made: the shape of labeling/timeline-edit.ts's EditResult, written
 * here because labels/ must not import labeling/ (the frontend folders import each other without a cycle).
 */
export type EditResult = { put: Label[]; description: string } | { refused: string };

/** LabelRules.MAX_GAP_NOTE. */
export const MAX_GAP_NOTE = 2000;

function time(t: Nanos): string {
  return `${(t / 1e9).toFixed(3)} s`;
}

export function modeName(schema: Schema, definition: string, mode: string): string {
  return schema.definitions.find((d) => d.key === definition)?.classes.find((c) => c.key === mode)?.name ?? mode;
}

/** The gaps of a definition, by start, then end, then id (the order the lane draws and Alt+arrows walk). */
export function gapsOf(labels: Label[], definition: string): GapLabel[] {
  return labels.filter((l): l is GapLabel => l.kind === 'gap' && l.definition === definition)
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Rows for overlapping gaps: each gap, in start order, takes the lowest row whose last gap has ended by its start, so
 * gaps that overlap in time never share a row and the lane needs as many rows as the most gaps at one instant.
 */
export function stackGaps(gaps: GapLabel[]): { rows: number; rowOf: Map<string, number> } {
  const ends: Nanos[] = [];
  const rowOf = new Map<string, number>();
  for (const gap of [...gaps].sort((a, b) => a.start - b.start || a.end - b.end)) {
    let row = ends.findIndex((end) => end <= gap.start);
    if (row < 0) {
      row = ends.length;
      ends.push(gap.end);
    } else {
      ends[row] = gap.end;
    }
    rowOf.set(gap.id, row);
  }
  return { rows: Math.max(1, ends.length), rowOf };
}

/** The gaps of a definition whose [start, end) holds `at`, topmost row first. */
export function gapsAt(labels: Label[], definition: string, at: Nanos): GapLabel[] {
  return gapsOf(labels, definition).filter((g) => g.start <= at && at < g.end);
}

function checkGap(schema: Schema, duration: Nanos, gap: GapLabel): string | undefined {
  const definition = schema.definitions.find((d) => d.key === gap.definition);
  if (!definition?.classes.some((c) => c.key === gap.mode)) {
    return `'${gap.mode}' is not a failure mode of ${definition?.name ?? gap.definition}`;
  }
  const name = `${modeName(schema, gap.definition, gap.mode)} gap`;
  if (gap.end <= gap.start) return `The ${name} would be empty: move the playhead to where it ends first`;
  if (gap.start < 0 || gap.end > duration) return `The ${name} would leave the episode (0 – ${time(duration)})`;
  if ((gap.note ?? '').length > MAX_GAP_NOTE) return `A gap's note has at most ${MAX_GAP_NOTE} characters`;
  return undefined;
}

/** A gap from `start` to `end` in either order; refused when empty, outside the episode or of an unknown mode. */
export function addGap(schema: Schema, duration: Nanos, gap: GapLabel): EditResult {
  const candidate = { ...gap, start: Math.min(gap.start, gap.end), end: Math.max(gap.start, gap.end) };
  const refused = checkGap(schema, duration, candidate);
  if (refused) return { refused };
  return { put: [candidate], description: `add ${modeName(schema, gap.definition, gap.mode)} gap` };
}

/** Moves one edge of a gap to `at`, kept inside the episode and at least 1 ns from the other edge. */
export function moveGapEdge(schema: Schema, duration: Nanos, gap: GapLabel, edge: 'start' | 'end',
  at: Nanos): EditResult {
  let target = Math.max(0, Math.min(duration, Math.round(at)));
  target = edge === 'start' ? Math.min(target, gap.end - 1) : Math.max(target, gap.start + 1);
  const name = modeName(schema, gap.definition, gap.mode);
  if (target === gap[edge]) return { refused: `The ${name} gap cannot move further that way` };
  return { put: [{ ...gap, [edge]: target }], description: `move ${edge} of ${name} gap` };
}

export function setGapMode(schema: Schema, gap: GapLabel, mode: string): EditResult {
  const changed = { ...gap, mode };
  const refused = checkGap(schema, Number.MAX_SAFE_INTEGER, changed);
  if (refused) return { refused };
  return { put: [changed], description: `mode → ${modeName(schema, gap.definition, mode)}` };
}

/** The note as typed; blank is no note (as the server stores it). */
export function setGapNote(schema: Schema, gap: GapLabel, note: string): EditResult {
  if (note.length > MAX_GAP_NOTE) return { refused: `A gap's note has at most ${MAX_GAP_NOTE} characters` };
  return { put: [{ ...gap, note: note.trim() === '' ? null : note }],
    description: `note of ${modeName(schema, gap.definition, gap.mode)} gap` };
}
