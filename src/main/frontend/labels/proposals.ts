/**
 * Proposals in the workspace (docs/labeling/workspace.md, "Proposals"): labels suggested by a source (a proposer over
 * the robot's signals, a model), shown pre-filled and marked "proposed" until the annotator acts on them. A pending
 * proposal lives in the LabelStore like any label (so every editor shows and edits it) but is not the draft's: the
 * store keeps it pending until an edit touches it or it is accepted, and undo makes it pending again.
 *
 * What became of a proposal is never stored separately in the browser: it follows from the store, so undo, redo and
 * a reload all agree. Pending: proposed. Acted on and the draft holds its id: accepted when the label is still the
 * proposal's, adjusted when it changed. Acted on and no label of its id: deleted.
 */
import { sameLabel, type Label, type LabelStore, type Nanos, type PhaseLabel } from './label-model.js';

/** JSON of dev.touchstone.labeling.ProposalOutcome.Outcome. */
export type Outcome = 'proposed' | 'accepted' | 'adjusted' | 'deleted';

/** A span of one stream's channels and what the source saw there (ProposedLabel.Evidence). */
export interface Evidence { stream: string; channels: string[]; start: Nanos; end: Nanos; note: string | null; }

/**
 * dev.touchstone.labeling.ProposedLabel as JSON: what the workspace's `proposalsJson` holds. `confidence` is null when
 * the source gave none.
 */
export interface ProposedLabel {
  label: Label; source: string; version: string; confidence: number | null; evidence: Evidence[];
}

/** dev.touchstone.labeling.ProposalOutcome as JSON: the draft's record of each proposal offered to it. */
export interface ProposalOutcomeJson {
  labelId: string; source: string; version: string; confidence: number | null; outcome: Outcome;
}

/**
 * The proposals to show as pending when the workspace opens: offered ones the draft's record has no outcome for
 * (an accepted or deleted proposal must not come back after a reload), and that do not collide with a label the
 * draft already holds: the same id, a value of the same definition and segment, or a phase overlapping one of the
 * same definition and track (the annotator's own label wins over a suggestion).
 */
export function pendingAtOpen(proposals: ProposedLabel[], outcomes: ProposalOutcomeJson[] | undefined,
  draftLabels: Label[]): Label[] {
  const acted = new Set((outcomes ?? []).filter((o) => o.outcome !== 'proposed').map((o) => o.labelId));
  const shown: Label[] = [];
  for (const { label } of proposals) {
    if (acted.has(label.id)) continue;
    const taken = [...draftLabels, ...shown];
    if (taken.some((l) => l.id === label.id || collides(l, label))) continue;
    shown.push(label);
  }
  return shown;
}

function collides(a: Label, b: Label): boolean {
  if (a.kind === 'value' && b.kind === 'value') return a.definition === b.definition && a.segment === b.segment;
  if (a.kind === 'phase' && b.kind === 'phase') {
    return a.definition === b.definition && a.track === b.track && a.start < b.end && b.start < a.end;
  }
  return false;
}

/**
 * The proposals in play in one workspace: those shown pending at open, and those the draft's record says were
 * acted on before. Only these get an outcome; one left out at open (it collided) is none of the annotator's doing.
 */
export class ProposalBook {
  private readonly byId = new Map<string, ProposedLabel>();

  constructor(proposals: ProposedLabel[], pending: Label[], outcomes: ProposalOutcomeJson[] | undefined) {
    const inPlay = new Set([...pending.map((l) => l.id),
      ...(outcomes ?? []).filter((o) => o.outcome !== 'proposed').map((o) => o.labelId)]);
    proposals.filter((p) => inPlay.has(p.label.id)).forEach((p) => this.byId.set(p.label.id, p));
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): ProposedLabel | undefined {
    return this.byId.get(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** What became of the proposal with this id, as the store shows it now; undefined for an id not in play. */
  outcome(store: LabelStore, id: string): Outcome | undefined {
    const proposal = this.byId.get(id);
    if (!proposal) return undefined;
    if (store.isPending(id)) return 'proposed';
    const label = store.get(id);
    if (!label) return 'deleted';
    return sameLabel(label, proposal.label) ? 'accepted' : 'adjusted';
  }

  /** How many proposals have each outcome now. */
  counts(store: LabelStore): Record<Outcome, number> {
    const counts: Record<Outcome, number> = { proposed: 0, accepted: 0, adjusted: 0, deleted: 0 };
    for (const id of this.byId.keys()) counts[this.outcome(store, id)!]++;
    return counts;
  }
}

/**
 * The pending proposals on the same track as this label: the same definition, and for phases the same track name.
 * What "accept all of a track" accepts, in time order.
 */
export function pendingOnTrackOf(store: LabelStore, label: Label): string[] {
  const sameTrack = (l: Label) => l.definition === label.definition
    && (l.kind !== 'phase' || l.track === (label as PhaseLabel).track);
  return store.labels().filter((l) => store.isPending(l.id) && sameTrack(l)).map((l) => l.id);
}

/**
 * The pending proposed phases a phase the annotator draws would overlap on its track. They give way: the
 * annotator's own phase replaces them (they are deleted in the same undoable step), so an annotator who labels by
 * hand is never blocked by proposals they did not act on.
 */
export function pendingPhasesUnder(store: LabelStore, phase: PhaseLabel): string[] {
  const start = Math.min(phase.start, phase.end);
  const end = Math.max(phase.start, phase.end);
  return store.labels().filter((l): l is PhaseLabel => l.kind === 'phase' && store.isPending(l.id)
    && l.definition === phase.definition && l.track === phase.track && l.start < end && l.end > start)
    .map((l) => l.id);
}

/**
 * "signals.contact v1 · confidence 0.82", or "vlm v3 · no confidence" when the source gave none (a number there would
 * claim a certainty the source never stated): who proposed it, for a tooltip or the panel.
 */
export function describeSource(proposal: ProposedLabel): string {
  return `${proposal.source} v${proposal.version} · ${describeConfidence(proposal.confidence)}`;
}

/** "confidence 0.82", or "no confidence" for null. */
export function describeConfidence(confidence: number | null | undefined): string {
  return confidence == null ? 'no confidence' : `confidence ${confidence.toFixed(2)}`;
}
