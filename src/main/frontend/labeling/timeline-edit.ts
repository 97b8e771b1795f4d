import type { Definition, Label, Nanos, PhaseLabel, Schema, ValueLabel } from '../labels/label-model.js';

/**
 * Timeline edits of the workspace as pure functions: each answers the labels to put (and ids to remove) or a
 * message saying why the edit cannot be made. The server checks the same rules (LabelRules); checking here first
 * means a keystroke that would break one is refused on the spot, with its reason, instead of a refused autosave.
 */
export type EditResult = { put: Label[]; remove?: string[]; description: string } | { refused: string };

export const MAIN_TRACK = 'main';

export function formatTime(time: Nanos): string {
  return `${(time / 1e9).toFixed(3)} s`;
}

export function phasesOfTrack(labels: Label[], definition: string, track: string, except?: string): PhaseLabel[] {
  return labels.filter((l): l is PhaseLabel => l.kind === 'phase' && l.definition === definition
    && l.track === track && l.id !== except).sort((a, b) => a.start - b.start);
}

function className(schema: Schema, label: { definition: string; classKey: string }): string {
  const definition = schema.definitions.find((d) => d.key === label.definition);
  return definition?.classes.find((c) => c.key === label.classKey)?.name ?? label.classKey;
}

/** The phase [start, end) of the same track that it would overlap, if any. */
export function overlapping(labels: Label[], phase: PhaseLabel): PhaseLabel | undefined {
  return phasesOfTrack(labels, phase.definition, phase.track, phase.id)
    .find((other) => other.start < phase.end && phase.start < other.end);
}

/**
 * A phase from `from` to `to` (either order) on a track; refused when it is empty, leaves the episode or overlaps
 * another phase of the track.
 */
export function addPhase(schema: Schema, duration: Nanos, labels: Label[], phase: PhaseLabel): EditResult {
  const start = Math.min(phase.start, phase.end);
  const end = Math.max(phase.start, phase.end);
  const candidate = { ...phase, start, end };
  const checked = checkPhase(schema, duration, labels, candidate);
  if (checked) return { refused: checked };
  return { put: [candidate], description: `add ${className(schema, candidate)}` };
}

function checkPhase(schema: Schema, duration: Nanos, labels: Label[], phase: PhaseLabel): string | undefined {
  const name = className(schema, phase);
  if (phase.end <= phase.start) {
    return `${name} would be empty: move the playhead to where it ends first`;
  }
  if (phase.start < 0 || phase.end > duration) {
    return `${name} would leave the episode (0 – ${formatTime(duration)})`;
  }
  const other = overlapping(labels, phase);
  if (other) {
    return `${name} ${formatTime(phase.start)} – ${formatTime(phase.end)} would overlap ${className(schema, other)} `
      + `${formatTime(other.start)} – ${formatTime(other.end)} on the same track`;
  }
  return undefined;
}

/**
 * Moves one boundary of a phase. A neighbour that shares the boundary moves with it, so consecutive phases stay
 * consecutive; a neighbour further away stops the boundary.
 */
export function moveBoundary(schema: Schema, duration: Nanos, labels: Label[], phase: PhaseLabel,
  edge: 'start' | 'end', time: Nanos): EditResult {
  const others = phasesOfTrack(labels, phase.definition, phase.track, phase.id);
  const joined = edge === 'start' ? others.find((o) => o.end === phase.start)
    : others.find((o) => o.start === phase.end);
  let target = Math.max(0, Math.min(duration, Math.round(time)));
  if (edge === 'start') {
    const floor = joined ? joined.start : Math.max(0, ...others.filter((o) => o.end <= phase.start).map((o) => o.end));
    target = Math.max(target, floor + (joined ? 1 : 0));
    target = Math.min(target, phase.end - 1);
  } else {
    const ceiling = joined ? joined.end
      : Math.min(duration, ...others.filter((o) => o.start >= phase.end).map((o) => o.start));
    target = Math.min(target, ceiling - (joined ? 1 : 0));
    target = Math.max(target, phase.start + 1);
  }
  if (target === phase[edge]) return { refused: `${className(schema, phase)} cannot move further that way` };
  const moved = { ...phase, [edge]: target };
  const put: Label[] = [moved];
  if (joined) put.push(edge === 'start' ? { ...joined, end: target } : { ...joined, start: target });
  return { put, description: `move ${edge} of ${className(schema, phase)}` };
}

/** Splits the phase that contains `time` (strictly inside) into two phases of the same class. */
export function splitPhase(schema: Schema, phase: PhaseLabel, time: Nanos, newId: string): EditResult {
  if (time <= phase.start || time >= phase.end) {
    return { refused: `Put the playhead inside ${className(schema, phase)} to split it` };
  }
  return { put: [{ ...phase, end: time }, { ...phase, id: newId, start: time }],
    description: `split ${className(schema, phase)}` };
}

/**
 * Merges a phase with the next phase of its track: one phase of the first one's class from the first start to the
 * second end. Segment values of the second phase go with it, so they are removed too.
 */
export function mergeWithNext(schema: Schema, labels: Label[], phase: PhaseLabel): EditResult {
  const next = phasesOfTrack(labels, phase.definition, phase.track).find((o) => o.start >= phase.end);
  if (!next) return { refused: `${className(schema, phase)} has no next phase on its track to merge with` };
  const segmentValues = labels.filter((l): l is ValueLabel => l.kind === 'value' && l.segment === next.id)
    .map((l) => l.id);
  return { put: [{ ...phase, end: next.end }], remove: [next.id, ...segmentValues],
    description: `merge ${className(schema, phase)} with ${className(schema, next)}` };
}

/** The phase of a track under the playhead: [start, end) contains it. */
export function phaseAt(labels: Label[], definition: string, track: string, time: Nanos): PhaseLabel | undefined {
  return phasesOfTrack(labels, definition, track).find((p) => p.start <= time && time < p.end);
}

/**
 * What a submission still lacks, as the server's LabelRules.missingRequired says it: every required timeline or
 * spatial definition has a label, every required episode value exists, each segment has its required values.
 */
export function missingRequired(schema: Schema, labels: Label[]): string[] {
  const missing: string[] = [];
  for (const d of schema.definitions.filter((x) => x.required)) {
    if (isValueType(d)) {
      if (d.scope === 'segment') {
        const segments = labels.filter((l): l is PhaseLabel => l.kind === 'phase' && l.definition === d.segmentOf);
        for (const segment of segments) {
          if (!labels.some((l) => l.kind === 'value' && l.definition === d.key && l.segment === segment.id)) {
            missing.push(`${d.name} is required for ${className(schema, segment)} at ${formatTime(segment.start)}`);
          }
        }
      } else if (!labels.some((l) => l.kind === 'value' && l.definition === d.key && l.segment === null)) {
        missing.push(`${d.name} is required`);
      }
    } else if (!labels.some((l) => l.definition === d.key)) {
      missing.push(`${d.name} is required: add at least one`);
    }
  }
  return missing;
}

export function isValueType(d: Definition): boolean {
  return ['category', 'rating', 'verdict', 'text', 'number'].includes(d.type);
}

/** The time a label sits at on the timeline, for the list's order and jump-to; values sit at their segment. */
export function labelTime(label: Label, labels: Label[]): Nanos {
  switch (label.kind) {
    case 'phase': case 'gap': return label.start;
    case 'event': return label.time;
    case 'box2d': case 'cuboid3d': return label.keyframes[0]?.time ?? 0;
    case 'value': {
      const segment = labels.find((l) => l.id === label.segment);
      return segment?.kind === 'phase' ? segment.start : -1;
    }
  }
}
