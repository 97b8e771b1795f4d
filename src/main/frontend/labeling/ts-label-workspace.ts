import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { TsPlayer } from '../player/ts-player.js';
import type { LabelTrack, TsLabelTracks } from '../player/label-tracks.js';
import {
  LabelStore, colorOf, newId, type Definition, type Label, type LabelClass, type LabelStoreChange, type Nanos,
  type GapLabel, type PhaseLabel, type Schema, type SpatialLabeling, type ValueLabel,
} from '../labels/label-model.js';
import { MAX_GAP_NOTE, addGap, gapsOf, moveGapEdge, setGapMode, setGapNote, stackGaps } from '../labels/gap-track.js';
import { DraftSaver, type DraftJson } from './draft-saver.js';
import {
  ProposalBook, describeConfidence, describeSource, pendingAtOpen, pendingOnTrackOf, pendingPhasesUnder,
  type Outcome, type ProposedLabel,
} from '../labels/proposals.js';
import { LeaseKeeper } from './lease-keeper.js';
import {
  MAIN_TRACK, addPhase, formatTime, isValueType, labelTime, mergeWithNext, missingRequired, moveBoundary, phaseAt,
  splitPhase, type EditResult,
} from './timeline-edit.js';
import { spatialKey, type CameraTarget, type CloudTarget, type SpatialHost } from './spatial-keys.js';
import { submitSummary, type SubmitSummary } from './submit-summary.js';

/** The banner while the server is away (no answer, 503): the work is safe in this browser meanwhile. */
const SERVER_UNAVAILABLE = 'Server unavailable — your work is kept and will be saved when it is back';

/** A phase whose start is marked and whose end is not yet: drawn from its start to the playhead. */
interface OpenPhase { definition: string; classKey: string; track: string; start: Nanos; }
/** A gap whose start is marked and whose end is not yet: drawn from its start to the playhead on the gap lane. */
interface OpenGap { definition: string; mode: string; start: Nanos; }

type Submission = { id: string; revision: number; labels: number; submittedAt: string };

/**
 * The labeling workspace: the player plus label tracks and a side panel, keyboard first (docs/labeling/workspace.md).
 * It owns the draft's labels in the browser (LabelStore: edits, undo, redo) and saves them itself, continuously and
 * as deltas, over the drafts API (DraftSaver), so an autosave never depends on the Vaadin session. Every editor,
 * the tracks, the side panel, boxes on cameras and cuboids in clouds, edits the same store.
 */
export class TsLabelWorkspace extends LitElement implements SpatialHost {
  static properties = {
    schemaJson: { attribute: false },
    draftJson: { attribute: false },
    proposalsJson: { attribute: false },
    draftUrl: { attribute: false },
    csrfHeader: { attribute: false },
    csrfToken: { attribute: false },
    heartbeatUrl: { attribute: false },
    heartbeatSeconds: { attribute: false },
    message: { state: true },
    messageIsRefusal: { state: true },
    submission: { state: true },
    submitProblems: { state: true },
    submitting: { state: true },
    openPhase: { state: true },
    openGap: { state: true },
    revisionShown: { state: true },
    confirming: { state: true },
    leaseUnavailable: { state: true },
  };

  declare schemaJson: string;
  declare draftJson: string;
  /** Proposals to show as pre-filled labels marked "proposed" (LabelWorkspace.withProposals); unset: none. */
  declare proposalsJson: string | undefined;
  declare draftUrl: string;
  declare csrfHeader: string;
  declare csrfToken: string;
  /** Set when the draft is an assignment's: the lease is kept alive from here while the annotator is active. */
  declare heartbeatUrl: string | undefined;
  declare heartbeatSeconds: number | undefined;
  /** The last refused keystroke or notice, shown under the save state. */
  declare message: string;
  /** Whether `message` says why something was not done (shown as an error) rather than what to do next. */
  declare messageIsRefusal: boolean;
  declare submission: Submission | undefined;
  declare submitProblems: string[];
  declare submitting: boolean;
  declare openPhase: OpenPhase | undefined;
  declare openGap: OpenGap | undefined;
  declare revisionShown: number;
  /** What a keyboard submit would send, while the confirmation is open. */
  declare confirming: SubmitSummary | undefined;
  /** The last heartbeat got no answer or a 503: the server is away, whether or not a save is waiting. */
  declare leaseUnavailable: boolean;

  store!: LabelStore;
  saver!: DraftSaver;
  /** The proposals in play: pending ones and those acted on before (labels/proposals.ts). */
  proposals!: ProposalBook;
  private schema!: Schema;
  private draftId = '';
  /** The labels as the workspace opened them: the confirmation says which values changed since. */
  private openedLabels: Label[] = [];
  private leaseKeeper: LeaseKeeper | undefined;
  private submissionKey = newId();
  private player: TsPlayer | undefined;
  private tracksView: TsLabelTracks | undefined;
  private activePhaseDefinition: string | undefined;
  private readonly shortcuts = new Map<string, { definition: Definition; labelClass?: LabelClass }>();

  constructor() {
    super();
    this.message = '';
    this.messageIsRefusal = false;
    this.submitProblems = [];
    this.submitting = false;
    this.revisionShown = 0;
    this.leaseUnavailable = false;
  }

  static styles = css`
    :host { display: flex; min-height: 0; gap: 0; font-size: var(--lumo-font-size-s, 14px); }
    .main { flex: 1 1 auto; min-width: 0; display: flex; flex-direction: column; }
    ::slotted(ts-player) { flex: 1 1 auto; min-height: 0; }
    /* The panel never scrolls as a whole: the save state, the label list and Submit stay in view at any height
       from 800 px; only the values and the selected label scroll between them (docs/labeling/workspace.md).
       A long selected proposal must not squeeze the label list below a few rows, and the selected label's own
       Delete / Deselect stay in view at the foot of the scrolling part (sticky) rather than scrolled out of it. */
    aside { flex: 0 0 340px; overflow: hidden; border-left: 1px solid var(--lumo-contrast-10pct, #ddd);
      padding: 8px 12px; display: flex; flex-direction: column; gap: 8px; background: var(--lumo-base-color, #fff);
      box-sizing: border-box; min-height: 0; }
    aside > section, aside > details { flex: 0 0 auto; }
    aside > .fields { flex: 1 1 auto; min-height: 96px; overflow-y: auto; display: flex; flex-direction: column;
      gap: 8px; }
    aside > #labels-section { flex: 0 1 auto; display: flex; flex-direction: column; }
    #selected-label > .actions { position: sticky; bottom: 0; z-index: 1; padding: 4px 0;
      background: var(--lumo-base-color, #fff); border-top: 1px solid var(--lumo-contrast-10pct, #ddd); }
    #labels-section .list { flex: 1 1 auto; min-height: 118px; }
    dialog { border: 1px solid var(--lumo-contrast-20pct, #ccc); border-radius: 8px; padding: 12px 16px;
      max-width: 480px; font-size: var(--lumo-font-size-s, 14px); }
    dialog::backdrop { background: rgba(0, 0, 0, 0.3); }
    dialog table.values { border-collapse: collapse; margin: 6px 0; width: 100%; }
    dialog table.values th { text-align: left; font-weight: 600; padding: 2px 8px 2px 0; vertical-align: top;
      white-space: nowrap; }
    dialog table.values td { padding: 2px 0; }
    dialog .changed { margin-left: 6px; font-size: 12px; color: #7a5600; background: #fff4d6; border-radius: 8px;
      padding: 0 6px; }
    dialog tr[data-missing='true'] td, dialog .req { color: var(--lumo-error-text-color, #a21a1a); }
    dialog .row { margin-top: 10px; }
    h3 { margin: 0 0 4px; font-size: var(--lumo-font-size-s, 14px); text-transform: uppercase; letter-spacing: 0.04em;
      color: var(--lumo-secondary-text-color, #555); }
    .status { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    .pill { border-radius: 10px; padding: 1px 8px; font-weight: 600; font-size: 12px; }
    .pill[data-state='saved'], .pill[data-state='submitted'] { background: #e3f4e6; color: #17692b; }
    .pill[data-state='unsaved'], .pill[data-state='saving'] { background: #fff4d6; color: #7a5600; }
    .pill[data-state='unavailable'], .pill[data-state='refused'], .pill[data-state='signed-out'] {
      background: #fde3e3; color: #a21a1a; }
    .banner { border-radius: 6px; padding: 6px 10px; background: #fff4d6; color: #5c4100;
      border: 1px solid #e0a800; font-weight: 600; }
    .message { color: var(--lumo-error-text-color, #a21a1a); }
    .notice { color: var(--lumo-secondary-text-color, #555); }
    ul { margin: 0; padding-left: 18px; }
    .problems li { color: var(--lumo-error-text-color, #a21a1a); }
    fieldset { border: 1px solid var(--lumo-contrast-10pct, #ddd); border-radius: 6px; margin: 0; padding: 4px 8px 8px; }
    legend { font-weight: 600; }
    legend .req { color: var(--lumo-error-text-color, #a21a1a); }
    .kbd { font-family: monospace; border: 1px solid #bbb; border-radius: 3px; padding: 0 3px; font-size: 11px;
      background: #f6f6f6; }
    .help { color: var(--lumo-secondary-text-color, #666); font-size: 12px; margin: 2px 0 4px; }
    label.choice { display: inline-flex; align-items: center; gap: 4px; margin-right: 8px; white-space: nowrap; }
    textarea { width: 100%; box-sizing: border-box; min-height: 4em; font: inherit; }
    input[type=number] { width: 8em; }
    .list { max-height: 260px; overflow-y: auto; border: 1px solid var(--lumo-contrast-10pct, #ddd); border-radius: 6px; }
    .list button { display: flex; width: 100%; gap: 6px; align-items: center; text-align: left; border: 0;
      background: none; padding: 3px 6px; cursor: pointer; font: inherit; }
    .list button:hover { background: var(--lumo-contrast-5pct, #f3f3f3); }
    .list button.selected { background: var(--lumo-primary-color-10pct, #e6efff); }
    .swatch { width: 10px; height: 10px; border-radius: 2px; flex: 0 0 auto; }
    .list .time { margin-left: auto; color: var(--lumo-secondary-text-color, #666); font-variant-numeric: tabular-nums; }
    .row { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
    button.action { font: inherit; padding: 3px 10px; border-radius: 4px; border: 1px solid var(--lumo-contrast-20pct, #ccc);
      background: var(--lumo-base-color, #fff); cursor: pointer; }
    button.primary { background: var(--lumo-primary-color, #1676f3); color: #fff; border-color: transparent; }
    button:disabled { opacity: 0.5; cursor: default; }
    .conflict { border: 1px solid #e0a800; border-radius: 6px; padding: 4px 8px; background: #fffaf0; }
    .proposed-tag { font-size: 11px; font-weight: 600; color: #7a4b00; border: 1px dashed #c98a00; border-radius: 8px;
      padding: 0 5px; white-space: nowrap; }
    .list button.proposed { font-style: italic; }
    .list button.proposed .swatch { background-image: repeating-linear-gradient(135deg, transparent 0 2px,
      rgba(255, 255, 255, 0.8) 2px 4px); outline: 1px dashed #555; }
    #proposal-panel { border: 1px dashed #c98a00; border-radius: 6px; padding: 4px 8px; background: #fffaf0; }
    #proposal-panel ul { font-size: 12px; }
    #proposal-panel details { font-size: 12px; }
    #proposal-panel summary { cursor: pointer; color: var(--lumo-secondary-text-color, #555); }
    table.keys { border-collapse: collapse; font-size: 12px; }
    table.keys td { padding: 1px 4px; vertical-align: top; }
  `;

  firstUpdated(): void {
    this.schema = JSON.parse(this.schemaJson) as Schema;
    const draft = JSON.parse(this.draftJson) as DraftJson;
    this.draftId = draft.id;
    this.openedLabels = draft.labels.map((l) => l.label);
    // A submitted or closed draft takes no decisions: its proposals are not shown.
    const offered = this.proposalsJson && !draft.submitted && !draft.closed
      ? JSON.parse(this.proposalsJson) as ProposedLabel[] : [];
    const pending = pendingAtOpen(offered, draft.proposals, this.openedLabels);
    this.proposals = new ProposalBook(offered, pending, draft.proposals);
    this.store = new LabelStore(this.schema, draft.durationNanos, this.openedLabels, pending);
    const headers: Record<string, string> = this.csrfHeader ? { [this.csrfHeader]: this.csrfToken } : {};
    this.saver = new DraftSaver(this.store, draft, this.draftUrl, headers);
    this.saver.proposalOutcome = (id) => this.proposals.outcome(this.store, id);
    this.indexShortcuts();
    this.activePhaseDefinition = this.schema.definitions.find((d) => d.type === 'phase')?.key;
    this.store.addEventListener('change', (e) => this.onStoreChange((e as CustomEvent<LabelStoreChange>).detail));
    this.store.addEventListener('select', () => { this.refreshTracks(); this.requestUpdate(); });
    this.saver.addEventListener('state', () => this.requestUpdate());
    const restored = this.saver.restoreBackup();
    if (restored > 0) this.message = `Restored ${restored} unsaved change${restored === 1 ? '' : 's'} from this browser`;
    if (!draft.submitted && !draft.closed) this.saver.start();
    if (this.heartbeatUrl && !draft.submitted && !draft.closed) {
      this.leaseKeeper = new LeaseKeeper(this, this.heartbeatUrl, headers, (this.heartbeatSeconds ?? 30) * 1000,
        (reason) => {
          this.message = `${reason}. Your labels are kept, but this task can no longer be submitted.`;
          this.messageIsRefusal = true;
          this.saver.markSubmitted();
          this.dispatchEvent(new CustomEvent('ts-lease-ended', { bubbles: true, composed: true, detail: reason }));
        },
        () => this.player?.playing === true,
        (unavailable) => { this.leaseUnavailable = unavailable; });
      this.leaseKeeper.start();
    }
    this.addEventListener('keydown', (e) => this.onKey(e));
    this.addEventListener('ts-label-select', (e) => {
      this.store.select((e as CustomEvent<{ id: string }>).detail.id);
    });
    this.addEventListener('ts-label-boundary', (e) => this.onBoundaryDrag(
      (e as CustomEvent<{ id: string; edge: 'start' | 'end'; time: Nanos }>).detail));
    this.attachPlayer();
    // The player and its views are the server's children: they may upgrade after this element.
    customElements.whenDefined('ts-player').then(() => this.attachPlayer());
    this.requestUpdate();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    // Navigating away inside the application fires no pagehide: send what is pending before the saver stops.
    if (this.saver && !this.readOnly) void this.saver.flush(true);
    this.saver?.stop();
    this.leaseKeeper?.stop();
  }

  /** Finds the player among the children and connects tracks, cameras and clouds to the store. */
  private attachPlayer(): void {
    const player = this.querySelector('ts-player') as TsPlayer | null;
    if (!player) return;
    this.player = player;
    this.tracksView = player.querySelector('ts-label-tracks') as TsLabelTracks | null ?? undefined;
    if (this.tracksView) this.tracksView.snap = (t) => this.snap(t);
    const labeling: SpatialLabeling = {
      store: this.store,
      activeDefinition: (type) => this.activeSpatial(type),
    };
    player.querySelectorAll('ts-camera-view, ts-cloud-view').forEach((view) => {
      (view as unknown as { labeling?: SpatialLabeling }).labeling = labeling;
    });
    this.refreshTracks();
  }

  /** The definition and class a new box or cuboid drawn with the mouse gets: the last one chosen by key. */
  private lastSpatial: Partial<Record<'box2d' | 'cuboid3d', { definition: string; classKey: string }>> = {};

  private activeSpatial(type: 'box2d' | 'cuboid3d'): { definition: string; classKey: string } | undefined {
    const chosen = this.lastSpatial[type];
    if (chosen) return chosen;
    const definition = this.schema.definitions.find((d) => d.type === type && d.classes.length > 0);
    return definition ? { definition: definition.key, classKey: definition.classes[0].key } : undefined;
  }

  private indexShortcuts(): void {
    for (const definition of this.schema.definitions) {
      if (definition.shortcut) this.shortcuts.set(normalizeShortcut(definition.shortcut), { definition });
      for (const labelClass of definition.classes) {
        // A verdict's classes are reject reasons, chosen in the panel.
        if (labelClass.shortcut && definition.type !== 'verdict') {
          this.shortcuts.set(normalizeShortcut(labelClass.shortcut), { definition, labelClass });
        }
      }
    }
  }

  get time(): Nanos {
    return this.player?.time ?? 0;
  }

  /**
   * Where keys put a box's or cuboid's keyframe: the clock's time itself, as the mouse editors in the views do, so a
   * drag and a key press at one playhead edit one keyframe (snapping to the nearest frame could pick the next one).
   */
  keyframeTime(): Nanos {
    return Math.round(this.time);
  }

  /** Shown cameras, the one frame steps follow first: a box made by key goes there. */
  cameras(): CameraTarget[] {
    const shown = [...this.player?.querySelectorAll('ts-camera-view') ?? []].filter((v) => !v.hasAttribute('ts-hidden'));
    shown.sort((a, b) => Number(b.hasAttribute('step-source')) - Number(a.hasAttribute('step-source')));
    return shown as unknown as CameraTarget[];
  }

  clouds(): CloudTarget[] {
    return [...this.player?.querySelectorAll('ts-cloud-view') ?? []]
      .filter((v) => !v.hasAttribute('ts-hidden')) as unknown as CloudTarget[];
  }

  private snap(time: Nanos): Nanos {
    return this.player ? this.player.snapToFrame(time) : Math.round(time);
  }

  private seek(time: Nanos): void {
    this.player?.pause();
    this.player?.seek(time);
  }

  // ---- edits ----

  /** Says why a key or an edit did nothing; every other message is a notice. */
  private refuse(reason: string): void {
    this.message = reason;
    this.messageIsRefusal = true;
  }

  protected willUpdate(changed: Map<PropertyKey, unknown>): void {
    // A message set without refuse() is a notice.
    if (changed.has('message') && !changed.has('messageIsRefusal')) this.messageIsRefusal = false;
  }

  private apply(result: EditResult): boolean {
    if ('refused' in result) {
      this.refuse(result.refused);
      return false;
    }
    this.message = '';
    this.store.edit(result.description, result.put, result.remove ?? []);
    return true;
  }

  private onStoreChange(change: LabelStoreChange): void {
    if (change.source === 'undo' || change.source === 'redo') this.message = `${change.source === 'undo' ? 'Undid' : 'Redid'}: ${change.description}`;
    this.submitProblems = [];
    this.refreshTracks();
    this.requestUpdate();
  }

  private onBoundaryDrag(detail: { id: string; edge: 'start' | 'end'; time: Nanos }): void {
    const phase = this.store.get(detail.id);
    if (phase?.kind === 'gap' && !this.readOnly) {
      this.apply(moveGapEdge(this.schema, this.store.durationNanos, phase, detail.edge, this.snap(detail.time)));
      return;
    }
    if (phase?.kind !== 'phase' || this.readOnly) return;
    this.apply(moveBoundary(this.schema, this.store.durationNanos, this.store.labels(), phase, detail.edge,
      this.snap(detail.time)));
  }

  get readOnly(): boolean {
    return this.saver?.state === 'submitted';
  }

  /** A phase class key: start a phase here, or end the open one here and start the next (consecutive phases). */
  private phaseKey(definition: Definition, labelClass: LabelClass): void {
    const now = this.snap(this.time);
    const selected = this.selectedLabel();
    if (!this.openPhase && selected?.kind === 'phase' && selected.definition === definition.key) {
      this.apply({ put: [{ ...selected, classKey: labelClass.key }], description: `class → ${labelClass.name}` });
      return;
    }
    this.activePhaseDefinition = definition.key;
    const open = this.openPhase;
    if (open && open.definition === definition.key) {
      if (!this.closePhase(now)) return;
    } else if (phaseAt(this.store.labels(), definition.key, MAIN_TRACK, now)) {
      this.refuse(`The playhead is inside a ${definition.name}: split it (Ctrl+K), select it to change its class, `
        + 'or move to where the new phase starts');
      return;
    }
    this.openPhase = { definition: definition.key, classKey: labelClass.key, track: MAIN_TRACK, start: now };
    this.message = `${labelClass.name} starts at ${formatTime(now)}: move to its end and press the next phase's key, `
      + 'or Enter to end it';
    this.refreshTracks();
  }

  private closePhase(end: Nanos): boolean {
    const open = this.openPhase;
    if (!open) return false;
    const phase: PhaseLabel = {
      kind: 'phase', id: newId(), definition: open.definition, track: open.track, classKey: open.classKey,
      start: open.start, end,
    };
    const displaced = pendingPhasesUnder(this.store, phase);
    const result = addPhase(this.schema, this.store.durationNanos,
      this.store.labels().filter((l) => !displaced.includes(l.id)), phase);
    const ok = this.apply('put' in result && displaced.length > 0
      ? { ...result, remove: [...(result.remove ?? []), ...displaced],
        description: `${result.description}, replacing ${displaced.length} proposed` }
      : result);
    if (ok) this.openPhase = undefined;
    this.refreshTracks();
    return ok;
  }

  /**
   * A failure mode's key: with a gap of the definition selected (and none open) it changes that gap's mode;
   * otherwise it starts a gap of the mode here, and pressed again (or Enter) ends it here. Another mode's key ends
   * the open gap and starts the next one at the same instant. Gaps may overlap, so nothing under the playhead stops it.
   */
  private gapKey(definition: Definition, labelClass: LabelClass): void {
    const now = this.snap(this.time);
    const selected = this.selectedLabel();
    if (!this.openGap && selected?.kind === 'gap' && selected.definition === definition.key) {
      this.apply(setGapMode(this.schema, selected, labelClass.key));
      return;
    }
    const open = this.openGap;
    if (open && open.definition === definition.key) {
      if (!this.closeGap(now)) return;
      if (open.mode === labelClass.key) return;
    }
    this.openGap = { definition: definition.key, mode: labelClass.key, start: now };
    this.message = `${labelClass.name} gap starts at ${formatTime(now)}: move to where the real episode is back on `
      + 'the simulated one and press Enter (Esc cancels)';
    this.refreshTracks();
  }

  private closeGap(end: Nanos): boolean {
    const open = this.openGap;
    if (!open) return false;
    const ok = this.apply(addGap(this.schema, this.store.durationNanos, { kind: 'gap', id: newId(),
      definition: open.definition, mode: open.mode, start: open.start, end, note: null }));
    if (ok) {
      this.openGap = undefined;
      this.message = 'Gap added; select it to write a note';
    }
    this.refreshTracks();
    return ok;
  }

  private eventKey(definition: Definition, labelClass: LabelClass): void {
    const selected = this.selectedLabel();
    if (selected?.kind === 'event' && selected.definition === definition.key) {
      this.apply({ put: [{ ...selected, classKey: labelClass.key }], description: `class → ${labelClass.name}` });
      return;
    }
    const time = this.snap(this.time);
    if (time < 0 || time > this.store.durationNanos) {
      this.refuse(`${labelClass.name} at ${formatTime(time)} would be outside the episode`);
      return;
    }
    this.apply({ put: [{ kind: 'event', id: newId(), definition: definition.key, classKey: labelClass.key, time }],
      description: `add ${labelClass.name}` });
  }

  private categoryKey(definition: Definition, labelClass: LabelClass): void {
    const current = this.episodeValue(definition.key);
    let classes: string[];
    if (definition.multiple) {
      const had = current?.classes ?? [];
      classes = had.includes(labelClass.key) ? had.filter((c) => c !== labelClass.key) : [...had, labelClass.key];
    } else {
      classes = [labelClass.key];
    }
    this.putValue(definition, null, { classes });
  }

  private selectedLabel(): Label | undefined {
    return this.store.selected ? this.store.get(this.store.selected) : undefined;
  }

  episodeValue(definition: string, segment: string | null = null): ValueLabel | undefined {
    return this.store.labels().find((l): l is ValueLabel => l.kind === 'value' && l.definition === definition
      && l.segment === segment);
  }

  /** Sets (or, with an empty value, clears) a value of the episode or of a segment. */
  putValue(definition: Definition, segment: string | null, change: Partial<ValueLabel>, coalesce?: string): void {
    if (this.readOnly) return;
    const current = this.episodeValue(definition.key, segment);
    const next: ValueLabel = {
      kind: 'value', id: current?.id ?? newId(), definition: definition.key, segment,
      classes: current?.classes ?? [], number: current?.number ?? null, accept: current?.accept ?? null,
      text: current?.text ?? null, ...change,
    };
    if (definition.type === 'verdict' && next.accept !== false) next.classes = [];
    const empty = next.classes.length === 0 && next.number === null && next.accept === null
      && (next.text === null || next.text === '');
    if (empty) {
      if (current) this.store.edit(`clear ${definition.name}`, [], [current.id], coalesce);
      return;
    }
    if (definition.type === 'text' && (next.text ?? '').trim() === '') {
      // Whitespace alone is no description; keep what was typed out of the draft until it says something.
      return;
    }
    this.store.edit(`set ${definition.name}`, [next], [], coalesce);
  }

  private deleteSelected(): void {
    const label = this.selectedLabel();
    if (!label) {
      this.refuse('Nothing is selected: click a label, or Alt+↓ to select the next one');
      return;
    }
    const dependants = this.store.labels().filter((l) => l.kind === 'value' && l.segment === label.id).map((l) => l.id);
    this.store.edit(`delete ${this.describe(label)}`, [], [label.id, ...dependants]);
  }

  /** Enter: the selected proposal becomes the draft's label as proposed (one undoable step). */
  acceptSelected(): void {
    const label = this.selectedLabel();
    if (!label || !this.store.isPending(label.id)) {
      this.refuse('Select a proposed label to accept it');
      return;
    }
    this.store.accept(`accept proposed ${this.describe(label)}`, [label.id]);
    this.message = `Accepted ${this.describe(label)}; Ctrl+Z takes it back`;
    const next = this.sortedLabels().find((l) => this.store.isPending(l.id));
    if (next) this.store.select(next.id);
  }

  /** Shift+Enter: every proposal on the selected label's track, as one undoable step. */
  acceptTrack(): void {
    const label = this.selectedLabel();
    if (!label) {
      this.refuse('Select a label of the track whose proposals to accept');
      return;
    }
    const ids = pendingOnTrackOf(this.store, label);
    if (ids.length === 0) {
      this.refuse(`No proposals left on the ${this.store.definition(label.definition)?.name ?? label.definition} track`);
      return;
    }
    const name = this.store.definition(label.definition)?.name ?? label.definition;
    this.store.accept(`accept ${ids.length} proposed ${name}`, ids);
    this.message = `Accepted ${ids.length} proposed ${name}; Ctrl+Z takes them back`;
  }

  /** Ctrl+← / → moves an event or a phase's start (with Shift its end) by one frame of the step camera. */
  private nudge(direction: 1 | -1, end: boolean): boolean {
    const label = this.selectedLabel();
    if (!label || !this.player) return false;
    if (label.kind === 'event') {
      const time = this.player.frameFrom(label.time, direction);
      if (time === undefined || time < 0 || time > this.store.durationNanos) {
        this.refuse('No frame further that way inside the episode');
        return true;
      }
      this.store.edit(`nudge ${this.describe(label)}`, [{ ...label, time }]);
      this.seek(time);
      return true;
    }
    if (label.kind === 'gap') {
      const edge = end ? 'end' : 'start';
      const time = this.player.frameFrom(label[edge], direction) ?? label[edge] + direction;
      if (this.apply(moveGapEdge(this.schema, this.store.durationNanos, label, edge, time))) this.seek(time);
      return true;
    }
    if (label.kind === 'phase') {
      const edge = end ? 'end' : 'start';
      const time = this.player.frameFrom(label[edge], direction) ?? label[edge] + direction;
      if (this.apply(moveBoundary(this.schema, this.store.durationNanos, this.store.labels(), label, edge, time))) {
        this.seek(time);
      }
      return true;
    }
    return false;
  }

  private splitAtPlayhead(): void {
    const definition = this.activePhaseDefinition;
    const selected = this.selectedLabel();
    const phase = selected?.kind === 'phase' ? selected
      : definition ? phaseAt(this.store.labels(), definition, MAIN_TRACK, this.snap(this.time)) : undefined;
    if (!phase) {
      this.refuse('No phase under the playhead to split');
      return;
    }
    this.apply(splitPhase(this.schema, phase, this.snap(this.time), newId()));
  }

  private mergeSelected(): void {
    const definition = this.activePhaseDefinition;
    const selected = this.selectedLabel();
    const phase = selected?.kind === 'phase' ? selected
      : definition ? phaseAt(this.store.labels(), definition, MAIN_TRACK, this.snap(this.time)) : undefined;
    if (!phase) {
      this.refuse('Select a phase (or put the playhead in one) to merge it with the next');
      return;
    }
    this.apply(mergeWithNext(this.schema, this.store.labels(), phase));
  }

  /** Labels in timeline order: values of the episode first, then by time. */
  sortedLabels(): Label[] {
    const labels = this.store.labels();
    return labels.map((l) => ({ l, t: labelTime(l, labels) }))
      .sort((a, b) => a.t - b.t || a.l.definition.localeCompare(b.l.definition)).map((x) => x.l);
  }

  private selectNeighbour(direction: 1 | -1): void {
    const labels = this.sortedLabels();
    if (labels.length === 0) return;
    const at = labels.findIndex((l) => l.id === this.store.selected);
    const next = labels[at < 0 ? (direction > 0 ? 0 : labels.length - 1)
      : (at + direction + labels.length) % labels.length];
    this.jumpTo(next);
  }

  jumpTo(label: Label): void {
    this.store.select(label.id);
    const time = labelTime(label, this.store.labels());
    if (time >= 0) this.seek(time);
  }

  // ---- keyboard ----

  private onKey(e: KeyboardEvent): void {
    const target = e.composedPath()[0];
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
      || target instanceof HTMLSelectElement;
    if (typing) {
      if (target instanceof HTMLInputElement && target.type === 'radio' && e.key.startsWith('Arrow')
        && !e.ctrlKey && !e.altKey && !e.metaKey) {
        // Natively an arrow checks the next choice: one stray key would change a given answer. Here arrows only move
        // between the choices; Space (or a click) chooses.
        this.moveAmongChoices(target, e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : -1);
        e.preventDefault();
        return;
      }
      if (e.key === 'Escape' || (e.key === 'Enter' && !(target instanceof HTMLTextAreaElement))) {
        // Back to the player: the panel field keeps its value, the keys act on the timeline again.
        (target as HTMLElement).blur();
        this.player?.focus();
        e.preventDefault();
      }
      return;
    }
    if (this.handleKey(e)) {
      e.preventDefault();
      e.stopPropagation();
    }
  }

  private handleKey(e: KeyboardEvent): boolean {
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && !e.altKey) {
      switch (e.key.toLowerCase()) {
        case 'z': if (e.shiftKey) this.store.redo(); else this.store.undo(); return true;
        case 'y': this.store.redo(); return true;
        case 's': void this.saver.flush(); return true;
        case 'enter': if (!e.repeat) this.askToSubmit(); return true;
      }
    }
    if (this.readOnly) {
      if (!e.ctrlKey && !e.altKey && e.key.length === 1) this.refuse('This draft is submitted; it cannot change');
      return false;
    }
    const spatial = spatialKey(e, this);
    if (spatial !== undefined) {
      if (typeof spatial === 'string') this.message = spatial;
      return true;
    }
    if (ctrl && !e.altKey) {
      switch (e.key) {
        case 'ArrowRight': return this.nudge(1, e.shiftKey);
        case 'ArrowLeft': return this.nudge(-1, e.shiftKey);
        case 'k': case 'K': this.splitAtPlayhead(); return true;
        case 'm': case 'M': this.mergeSelected(); return true;
      }
      return false;
    }
    if (e.altKey && !ctrl) {
      if (e.key === 'ArrowDown') { this.selectNeighbour(1); return true; }
      if (e.key === 'ArrowUp') { this.selectNeighbour(-1); return true; }
      return false;
    }
    if (e.altKey || ctrl) return false;
    switch (e.key) {
      case 'Enter':
        if (this.openPhase) this.closePhase(this.snap(this.time));
        else if (this.openGap) this.closeGap(this.snap(this.time));
        else if (e.shiftKey) this.acceptTrack();
        else if (this.store.selected && this.store.isPending(this.store.selected)) this.acceptSelected();
        else if (this.store.pendingIds().length > 0) {
          this.refuse('Select a proposal to accept it (Alt+↓ goes to the next label), or Shift+Enter on one accepts '
            + 'its whole track');
        } else this.refuse('No phase is open: press a phase key to start one');
        return true;
      case 'Escape':
        if (this.openPhase) {
          this.openPhase = undefined;
          this.message = 'Phase start cancelled';
          this.refreshTracks();
          return true;
        }
        if (this.openGap) {
          this.openGap = undefined;
          this.message = 'Gap start cancelled';
          this.refreshTracks();
          return true;
        }
        if (this.store.selected) {
          this.store.select(null);
          return true;
        }
        return false;
      case 'Delete': case 'Backspace':
        this.deleteSelected();
        return true;
    }
    const entry = this.shortcuts.get(keystroke(e));
    if (!entry) return false;
    const { definition, labelClass } = entry;
    if (!labelClass) {
      this.activateDefinition(definition);
      return true;
    }
    switch (definition.type) {
      case 'phase': this.phaseKey(definition, labelClass); break;
      case 'gap': this.gapKey(definition, labelClass); break;
      case 'event': this.eventKey(definition, labelClass); break;
      case 'category': this.categoryKey(definition, labelClass); break;
      case 'box2d': case 'cuboid3d':
        this.lastSpatial[definition.type] = { definition: definition.key, classKey: labelClass.key };
        this.message = spatialKey(e, this, { definition, labelClass }) ?? '';
        break;
      default: return false;
    }
    return true;
  }

  /** A definition's own key: values get the keyboard in the panel; timeline definitions become active. */
  private activateDefinition(definition: Definition): void {
    if (isValueType(definition)) {
      // The current answer gets the focus, so that the keys act from what is chosen, not from the first choice.
      const fieldset = `[data-definition="${definition.key}"][data-segment=""]`;
      const field = (this.renderRoot.querySelector(`${fieldset} input:checked`)
        ?? this.renderRoot.querySelector(`${fieldset} input, ${fieldset} textarea`)) as HTMLElement | null;
      if (field) {
        field.focus();
        const choices = field instanceof HTMLInputElement && (field.type === 'radio' || field.type === 'checkbox');
        this.message = choices
          ? `${definition.name}: arrows or Tab move between choices, Space chooses, Enter or Esc returns`
          : `${definition.name}: type the value, Enter or Esc returns`;
      } else {
        this.refuse(`${definition.name} is set per segment: select a phase first`);
      }
      return;
    }
    if (definition.type === 'phase') this.activePhaseDefinition = definition.key;
    const keys = definition.classes.filter((c) => c.shortcut).map((c) => `${c.shortcut} ${c.name}`).join(', ');
    this.message = `${definition.name}: ${keys || 'no class shortcuts; use the panel'}`;
    this.refreshTracks();
  }

  /** Moves the focus to the previous or next choice of a radio group without choosing it. */
  private moveAmongChoices(from: HTMLInputElement, direction: 1 | -1): void {
    const choices = [...this.renderRoot.querySelectorAll('input[type="radio"]')]
      .filter((r): r is HTMLInputElement => (r as HTMLInputElement).name === from.name && !(r as HTMLInputElement).disabled);
    const at = choices.indexOf(from);
    if (at < 0 || choices.length === 0) return;
    choices[(at + direction + choices.length) % choices.length].focus();
  }

  // ---- submit ----

  /**
   * Ctrl+Enter opens a confirmation that says what would be submitted: missing required values (then nothing can be
   * submitted), every episode value with its change since the workspace opened, and the labels by definition.
   * Enter submits, Esc returns; a held or repeated Ctrl+Enter cannot confirm it.
   */
  askToSubmit(): void {
    if (this.submitting || this.readOnly || this.confirming) return;
    this.submitProblems = [];
    this.confirming = submitSummary(this.schema, this.openedLabels, this.store.draftLabels(),
      this.openPhase !== undefined);
  }

  private closeConfirmation(): void {
    this.confirming = undefined;
    this.player?.focus();
  }

  private confirmSubmit(): void {
    const summary = this.confirming;
    if (!summary || summary.missing.length > 0 || this.submitting) return;
    this.closeConfirmation();
    void this.submit();
  }

  private onConfirmationKey(e: KeyboardEvent): void {
    // Nothing in the dialog reaches the workspace's keys or the player.
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      this.closeConfirmation();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // A held Enter, or the Ctrl+Enter that opened the dialog pressed again, must not confirm.
      if (!e.repeat && !e.ctrlKey && !e.metaKey) this.confirmSubmit();
    }
  }

  protected updated(): void {
    const dialog = this.renderRoot.querySelector('#submit-confirm') as HTMLDialogElement | null;
    if (!dialog) return;
    if (this.confirming && !dialog.open) {
      dialog.showModal();
      (dialog.querySelector(this.confirming.missing.length ? '#cancel-submit' : '#confirm-submit') as HTMLElement | null)
        ?.focus();
    } else if (!this.confirming && dialog.open) {
      dialog.close();
    }
  }

  private renderConfirmation(): TemplateResult {
    const c = this.confirming;
    return html`<dialog id="submit-confirm" aria-labelledby="submit-confirm-title"
      @keydown=${(e: KeyboardEvent) => this.onConfirmationKey(e)}
      @cancel=${(e: Event) => { e.preventDefault(); this.closeConfirmation(); }}>
      ${c ? html`
        <h3 id="submit-confirm-title">${c.missing.length ? 'Not ready to submit' : 'Submit these labels?'}</h3>
        ${c.missing.length ? html`<div id="confirm-missing"><strong>Missing</strong>
          <ul class="problems">${c.missing.map((m) => html`<li>${m}</li>`)}</ul></div>` : nothing}
        <table class="values" id="confirm-values">
          ${c.values.map((v) => html`<tr data-definition=${v.definition} data-changed=${v.changed}
            data-missing=${v.required && v.value === ''}>
            <th>${v.name}${v.required ? html`<span class="req" title="required">*</span>` : nothing}</th>
            <td>${v.value === '' ? html`<em>${v.required ? 'missing' : 'not set'}</em>` : v.value}
              ${v.changed ? html`<span class="changed">changed${v.was === '' ? '' : html`, was ${v.was}`}</span>`
                : nothing}</td></tr>`)}
        </table>
        <div id="confirm-counts">${c.total} label${c.total === 1 ? '' : 's'}${c.counts.length
          ? `: ${c.counts.join(', ')}` : ''}${c.values.some((v) => v.value !== '') ? ' and the values above' : ''}</div>
        ${this.store.pendingIds().length ? html`<div class="help" id="confirm-proposals">
          ${this.store.pendingIds().length} proposal${this.store.pendingIds().length === 1 ? '' : 's'} not accepted:
          not submitted.</div>` : nothing}
        <div class="help">${c.missing.length ? 'Fill these in first; nothing was submitted.'
          : 'Once submitted, this task can no longer be changed.'}</div>
        <div class="row">
          ${c.missing.length ? nothing : html`<button class="action primary" id="confirm-submit"
            ?disabled=${this.submitting} @click=${() => this.confirmSubmit()}>Submit (Enter)</button>`}
          <button class="action" id="cancel-submit" @click=${() => this.closeConfirmation()}>Keep editing (Esc)</button>
        </div>` : nothing}
    </dialog>`;
  }

  async submit(): Promise<void> {
    if (this.submitting || this.readOnly) return;
    const missing = missingRequired(this.schema, this.store.draftLabels());
    if (this.openPhase) missing.unshift('A phase is still open: end it with Enter or cancel it with Esc');
    if (this.openGap) missing.unshift('A gap is still open: end it with Enter or cancel it with Esc');
    if (missing.length > 0) {
      this.submitProblems = missing;
      return;
    }
    this.submitting = true;
    try {
      await this.saver.flush();
      if (this.saver.unsavedCount > 0 || this.saver.conflicts.length > 0) {
        this.submitProblems = this.saver.conflicts.length > 0 ? ['Settle the conflicting edits first']
          : [...(this.saver.problems.length ? this.saver.problems : ['Changes are not saved yet; try again'])];
        return;
      }
      const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
      if (this.csrfHeader) headers[this.csrfHeader] = this.csrfToken;
      const response = await fetch(`${this.draftUrl}/submissions`, {
        method: 'POST', credentials: 'same-origin', headers,
        body: JSON.stringify({ idempotencyKey: this.submissionKey }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        this.submitProblems = body.problems ?? [body.error ?? `The submission was refused (${response.status})`];
        return;
      }
      this.submission = body as Submission;
      this.saver.markSubmitted();
      this.leaseKeeper?.stop();
      this.dispatchEvent(new CustomEvent('ts-submitted', { bubbles: true, composed: true, detail: body }));
    } catch {
      this.submitProblems = ['The server could not be reached; nothing was submitted. Try again.'];
    } finally {
      this.submitting = false;
    }
  }

  // ---- tracks ----

  private refreshTracks(): void {
    const view = this.tracksView;
    if (!view || !this.store) return;
    const labels = this.store.labels();
    const tracks: LabelTrack[] = [];
    for (const definition of this.schema.definitions) {
      if (definition.type === 'phase') {
        const names = new Set([MAIN_TRACK, ...labels.filter((l): l is PhaseLabel => l.kind === 'phase'
          && l.definition === definition.key).map((l) => l.track)]);
        for (const track of names) {
          const open = this.openPhase?.definition === definition.key && this.openPhase.track === track
            ? this.openPhase : undefined;
          tracks.push({
            id: `${definition.key}:${track}`,
            name: track === MAIN_TRACK ? definition.name : `${definition.name} · ${track}`,
            editable: !this.readOnly,
            active: definition.key === this.activePhaseDefinition && track === MAIN_TRACK,
            marker: open?.start,
            segments: labels.filter((l): l is PhaseLabel => l.kind === 'phase' && l.definition === definition.key
              && l.track === track).map((l) => ({
              id: l.id, start: l.start, end: l.end, label: this.classLabel(l.definition, l.classKey),
              color: colorOf(this.schema, l.definition, l.classKey), selected: l.id === this.store.selected,
              ...this.proposalMarks(l),
            })),
            evidence: this.evidenceOn(labels, (l) => l.kind === 'phase' && l.definition === definition.key
              && l.track === track),
          });
        }
      } else if (definition.type === 'gap') {
        const gaps = gapsOf(labels, definition.key);
        const { rows, rowOf } = stackGaps(gaps);
        const open = this.openGap?.definition === definition.key ? this.openGap : undefined;
        tracks.push({
          id: `gap:${definition.key}`, name: definition.name, editable: !this.readOnly, rows, marker: open?.start,
          segments: gaps.map((g) => ({
            id: g.id, start: g.start, end: g.end, label: this.classLabel(g.definition, g.mode), row: rowOf.get(g.id),
            color: colorOf(this.schema, g.definition, g.mode), selected: g.id === this.store.selected,
            title: `${this.classLabel(g.definition, g.mode)} ${formatTime(g.start)} – ${formatTime(g.end)}`
              + (g.note ? `: ${g.note}` : ''),
          })),
        });
      } else if (definition.type === 'event') {
        tracks.push({
          id: definition.key, name: definition.name,
          events: labels.filter((l) => l.kind === 'event' && l.definition === definition.key).map((l) => {
            const event = l as Extract<Label, { kind: 'event' }>;
            return { id: event.id, time: event.time, label: this.classLabel(event.definition, event.classKey),
              color: colorOf(this.schema, event.definition, event.classKey), selected: event.id === this.store.selected,
              ...this.proposalMarks(event) };
          }),
          evidence: this.evidenceOn(labels, (l) => l.kind === 'event' && l.definition === definition.key),
        });
      }
    }
    view.tracks = tracks;
  }

  /** A pending proposal is drawn as "proposed", with its source in the tooltip. */
  private proposalMarks(label: Label): { proposed?: boolean; title?: string } {
    const proposal = this.proposals.get(label.id);
    if (!proposal || !this.store.isPending(label.id)) return {};
    return { proposed: true, title: `${this.describe(label)} (proposed by ${describeSource(proposal)}; Enter accepts)` };
  }

  /** The evidence of the selected proposal, on its own lane: the spans and signals that caused it. */
  private evidenceOn(labels: Label[], onLane: (l: Label) => boolean): LabelTrack['evidence'] {
    const selected = this.store.selected ? labels.find((l) => l.id === this.store.selected) : undefined;
    const proposal = selected && onLane(selected) ? this.proposals.get(selected.id) : undefined;
    return proposal?.evidence.map((e) => ({ start: e.start, end: e.end,
      note: `${e.stream}${e.channels.length ? ` (${e.channels.join(', ')})` : ''}${e.note ? `: ${e.note}` : ''}` }));
  }

  classLabel(definition: string, classKey: string): string {
    return this.store.definition(definition)?.classes.find((c) => c.key === classKey)?.name ?? classKey;
  }

  describe(label: Label): string {
    const definition = this.store.definition(label.definition);
    switch (label.kind) {
      case 'phase': case 'event': return this.classLabel(label.definition, label.classKey);
      case 'gap': return `${this.classLabel(label.definition, label.mode)} gap`;
      case 'box2d': case 'cuboid3d': return `${this.classLabel(label.definition, label.classKey)} #${label.trackId}`;
      case 'value': return definition?.name ?? label.definition;
    }
  }

  // ---- rendering ----

  render(): TemplateResult {
    if (!this.store) return html`<div class="main"><slot></slot></div>`;
    const valueDefinitions = this.schema.definitions.filter((d) => isValueType(d) && d.scope !== 'segment');
    const selected = this.selectedLabel();
    return html`
      <div class="main"><slot></slot></div>
      <aside id="workspace-panel">
        ${this.renderStatus()}
        <div class="fields">
          ${this.renderConflicts()}
          ${selected ? this.renderSelected(selected) : nothing}
          ${valueDefinitions.length ? html`<section id="episode-values"><h3>Episode</h3>
            ${valueDefinitions.map((d) => this.renderValue(d, null))}</section>` : nothing}
        </div>
        ${this.renderList()}
        ${this.renderSubmit()}
        ${this.renderKeys()}
      </aside>
      ${this.renderConfirmation()}`;
  }

  private renderStatus(): TemplateResult {
    const s = this.saver;
    const text: Record<string, string> = {
      saved: s.savedAt ? `Saved ${s.savedAt.toLocaleTimeString()}` : 'Saved', unsaved: `Unsaved (${s.unsavedCount})`,
      saving: 'Saving…', unavailable: `Unsaved (${s.unsavedCount}): waiting for the server`,
      refused: 'Save refused', 'signed-out': 'Signed out: sign in again in another tab; changes are kept',
      submitted: 'Submitted',
    };
    // Not "signed out": a 503 or no answer at all means the server is away for now, and the saver and the lease
    // keeper both go on by themselves until it is back.
    const unavailable = s.state === 'unavailable' || (this.leaseUnavailable && s.state !== 'submitted');
    return html`<section>
      ${unavailable ? html`<div class="banner" id="server-unavailable" role="status">${SERVER_UNAVAILABLE}</div>`
        : nothing}
      <div class="status">
        <span class="pill" id="save-state" data-state=${s.state}>${text[s.state]}</span>
        <span class="notice" id="draft-revision">revision ${s.revision}</span>
        <button class="action" id="undo" ?disabled=${!this.store.canUndo() || this.readOnly}
          title=${this.store.undoDescription() ? `Undo ${this.store.undoDescription()} (Ctrl+Z)` : 'Undo (Ctrl+Z)'}
          @click=${() => this.store.undo()}>↶ Undo</button>
        <button class="action" id="redo" ?disabled=${!this.store.canRedo() || this.readOnly}
          title=${this.store.redoDescription() ? `Redo ${this.store.redoDescription()} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'}
          @click=${() => this.store.redo()}>↷ Redo</button>
      </div>
      ${s.problems.length ? html`<ul class="problems" id="save-problems">${s.problems.map((p) => html`<li>${p}</li>`)}</ul>
        <div class="help">Nothing of the refused save was applied; undo the change or fix it, and it saves again.</div>` : nothing}
      ${this.message ? html`<div class=${this.messageIsRefusal ? 'message' : 'notice'} id="workspace-message"
        data-refusal=${this.messageIsRefusal}>${this.message}</div>` : nothing}
    </section>`;
  }

  private renderConflicts(): TemplateResult | typeof nothing {
    const conflicts = this.saver.conflicts;
    if (conflicts.length === 0) return nothing;
    return html`<section id="conflicts"><h3>Changed in another tab</h3>
      ${conflicts.map((c) => html`<div class="conflict" data-id=${c.labelId}>
        <div>${c.mine ? this.describe(c.mine) : 'A label you deleted'} was
          ${c.serverLabel ? 'changed' : 'deleted'} elsewhere.</div>
        <div class="row">
          <button class="action" data-choice="mine" @click=${() => this.saver.resolve(c.labelId, true)}>Keep mine</button>
          <button class="action" data-choice="theirs" @click=${() => this.saver.resolve(c.labelId, false)}>Take the other</button>
        </div></div>`)}
    </section>`;
  }

  private renderValue(definition: Definition, segment: string | null): TemplateResult {
    const value = this.episodeValue(definition.key, segment);
    const disabled = this.readOnly;
    const name = `${definition.key}-${segment ?? 'episode'}`;
    let control: TemplateResult;
    switch (definition.type) {
      case 'category':
        control = html`${definition.classes.map((c) => html`<label class="choice">
          <input type=${definition.multiple ? 'checkbox' : 'radio'} name=${name} value=${c.key} ?disabled=${disabled}
            .checked=${value?.classes.includes(c.key) ?? false}
            @change=${(e: Event) => this.onCategory(definition, segment, c.key, (e.target as HTMLInputElement).checked)}>
          ${c.name}${c.shortcut ? html` <span class="kbd">${c.shortcut}</span>` : nothing}</label>`)}`;
        break;
      case 'verdict':
        control = html`
          <label class="choice"><input type="radio" name=${name} value="accept" ?disabled=${disabled}
            .checked=${value?.accept === true} @change=${() => this.putValue(definition, segment, { accept: true })}>Accept</label>
          <label class="choice"><input type="radio" name=${name} value="reject" ?disabled=${disabled}
            .checked=${value?.accept === false} @change=${() => this.putValue(definition, segment, { accept: false })}>Reject</label>
          ${value?.accept === false ? html`<div class="reasons">${definition.classes.map((c) => html`<label class="choice">
            <input type="checkbox" name=${`${name}-reason`} value=${c.key} ?disabled=${disabled}
              .checked=${value.classes.includes(c.key)}
              @change=${(e: Event) => this.onReason(definition, segment, c.key, (e.target as HTMLInputElement).checked)}>
            ${c.name}</label>`)}</div>` : nothing}`;
        break;
      case 'rating': {
        const min = definition.min ?? 1;
        const max = definition.max ?? 5;
        control = html`${Array.from({ length: max - min + 1 }, (_, i) => min + i).map((n) => html`<label class="choice">
          <input type="radio" name=${name} value=${n} ?disabled=${disabled} .checked=${value?.number === n}
            @change=${() => this.putValue(definition, segment, { number: n })}>${n}</label>`)}`;
        break;
      }
      case 'number':
        control = html`<input type="number" name=${name} ?disabled=${disabled} step="any"
          min=${definition.min ?? nothing} max=${definition.max ?? nothing}
          .value=${value?.number === null || value?.number === undefined ? '' : String(value.number)}
          @change=${(e: Event) => this.onNumber(definition, segment, e.target as HTMLInputElement)}>
          ${definition.unit ?? ''}`;
        break;
      default:
        control = html`<textarea name=${name} ?disabled=${disabled} maxlength=${definition.maxLength ?? nothing}
          .value=${value?.text ?? ''}
          @input=${(e: Event) => this.putValue(definition, segment, { text: (e.target as HTMLTextAreaElement).value },
            `text:${definition.key}:${segment}`)}></textarea>`;
    }
    return html`<fieldset data-definition=${definition.key} data-segment=${segment ?? ''}>
      <legend>${definition.name}${definition.required ? html` <span class="req" title="required">*</span>` : nothing}
        ${definition.shortcut ? html` <span class="kbd">${definition.shortcut}</span>` : nothing}
        ${value && this.store.isPending(value.id) ? html`<span class="proposed-tag"
          title="Proposed by ${describeSource(this.proposals.get(value.id)!)}: select it in the list and press Enter to accept, or change it">proposed</span>` : nothing}</legend>
      ${definition.help ? html`<div class="help">${definition.help}
        ${definition.helpMedia ? html` <a href=${definition.helpMedia} target="_blank" rel="noopener">Example</a>` : nothing}</div>` : nothing}
      ${control}
    </fieldset>`;
  }

  private onCategory(definition: Definition, segment: string | null, key: string, checked: boolean): void {
    const had = this.episodeValue(definition.key, segment)?.classes ?? [];
    const classes = definition.multiple ? (checked ? [...had.filter((c) => c !== key), key] : had.filter((c) => c !== key))
      : (checked ? [key] : []);
    this.putValue(definition, segment, { classes });
  }

  private onReason(definition: Definition, segment: string | null, key: string, checked: boolean): void {
    const had = this.episodeValue(definition.key, segment)?.classes ?? [];
    this.putValue(definition, segment, { accept: false,
      classes: checked ? [...had.filter((c) => c !== key), key] : had.filter((c) => c !== key) });
  }

  private onNumber(definition: Definition, segment: string | null, input: HTMLInputElement): void {
    if (input.value.trim() === '') {
      this.putValue(definition, segment, { number: null });
      return;
    }
    const number = Number(input.value);
    if (!Number.isFinite(number)) {
      this.refuse(`${definition.name}: '${input.value}' is not a number`);
      return;
    }
    if ((definition.min !== null && definition.min !== undefined && number < definition.min)
      || (definition.max !== null && definition.max !== undefined && number > definition.max)) {
      this.refuse(`${definition.name} must lie between ${definition.min ?? '−∞'} and ${definition.max ?? '∞'}`);
      return;
    }
    this.putValue(definition, segment, { number });
  }

  private renderSelected(label: Label): TemplateResult {
    const definition = this.store.definition(label.definition);
    const segmentDefinitions = label.kind === 'phase'
      ? this.schema.definitions.filter((d) => isValueType(d) && d.scope === 'segment' && d.segmentOf === label.definition)
      : [];
    let facts: TemplateResult;
    switch (label.kind) {
      case 'phase': facts = html`${formatTime(label.start)} – ${formatTime(label.end)}
        <div class="help">Drag its edges on the track; Ctrl+←/→ moves the start, Ctrl+Shift+←/→ the end by a frame;
          Ctrl+K splits at the playhead, Ctrl+M merges with the next.</div>`; break;
      case 'event': facts = html`${formatTime(label.time)}<div class="help">Ctrl+←/→ nudges it by a frame.</div>`; break;
      case 'gap': facts = this.renderGap(label); break;
      case 'box2d': case 'cuboid3d': facts = html`track #${label.trackId} on ${label.stream},
        ${label.keyframes.length} keyframe${label.keyframes.length === 1 ? '' : 's'}
        (${label.keyframes.map((k) => formatTime(k.time)).join(', ')})
        <div class="help">${label.kind === 'box2d'
          ? 'Drag it on the camera, or Ctrl+arrows to move and Ctrl+Shift+arrows to resize; each change sets a keyframe at the playhead.'
          : 'Drag it in the cloud, or Ctrl+arrows to move, Ctrl+Alt+↑/↓ up and down, Ctrl+, / Ctrl+. to turn, Ctrl+Shift+arrows to resize; each change sets a keyframe at the playhead.'}
          Shift+Delete removes the keyframe at the playhead.</div>`; break;
      default: facts = html``;
    }
    const classes = definition && label.kind !== 'value' ? definition.classes : [];
    return html`<section id="selected-label" data-id=${label.id}><h3>Selected</h3>
      <div><strong>${this.describe(label)}</strong> · ${definition?.name ?? label.definition}
        ${this.store.isPending(label.id) ? html`<span class="proposed-tag">proposed</span>` : nothing}</div>
      ${this.renderProposal(label)}
      <div>${facts}</div>
      ${classes.length > 1 && 'classKey' in label ? html`<div class="row">${classes.map((c) => html`
        <button class="action ${c.key === label.classKey ? 'primary' : ''}" ?disabled=${this.readOnly}
          @click=${() => this.store.edit(`class → ${c.name}`, [{ ...label, classKey: c.key } as Label])}>${c.name}
          ${c.shortcut ? html`<span class="kbd">${c.shortcut}</span>` : nothing}</button>`)}</div>` : nothing}
      ${segmentDefinitions.map((d) => this.renderValue(d, label.id))}
      <div class="row actions" id="selected-actions"><button class="action" id="delete-selected" ?disabled=${this.readOnly}
        @click=${() => this.deleteSelected()}>Delete</button>
        <button class="action" @click=${() => this.store.select(null)}>Deselect (Esc)</button></div>
    </section>`;
  }

  /** A selected gap: its span, its failure mode (buttons of the taxonomy) and its note. */
  private renderGap(gap: GapLabel): TemplateResult {
    const definition = this.store.definition(gap.definition);
    return html`${formatTime(gap.start)} – ${formatTime(gap.end)}
      <div class="row" id="gap-modes">${(definition?.classes ?? []).map((c) => html`
        <button class="action ${c.key === gap.mode ? 'primary' : ''}" data-mode=${c.key} ?disabled=${this.readOnly}
          @click=${() => this.apply(setGapMode(this.schema, gap, c.key))}>${c.name}
          ${c.shortcut ? html`<span class="kbd">${c.shortcut}</span>` : nothing}</button>`)}</div>
      <label class="choice" for="gap-note">Note</label>
      <textarea id="gap-note" ?disabled=${this.readOnly} maxlength=${MAX_GAP_NOTE} .value=${gap.note ?? ''}
        placeholder="What departs from the simulation (optional)"
        @input=${(e: Event) => {
          const result = setGapNote(this.schema, gap, (e.target as HTMLTextAreaElement).value);
          if ('refused' in result) this.refuse(result.refused);
          else this.store.edit(result.description, result.put, [], `note:${gap.id}`);
        }}></textarea>
      <div class="help">Drag its edges on the gap track; Ctrl+←/→ moves the start, Ctrl+Shift+←/→ the end by a frame.
        Gaps may overlap.</div>`;
  }

  private static readonly EVIDENCE_SHOWN = 2;

  private static readonly OUTCOME_TEXT: Record<Outcome, string> = {
    proposed: 'Not accepted yet: Enter accepts it as it is, Shift+Enter every proposal of its track; any edit '
      + 'accepts it changed; Delete rejects it.',
    accepted: 'Accepted unchanged.',
    adjusted: 'Accepted and adjusted.',
    deleted: 'Deleted.',
  };

  /** Who proposed the selected label, how sure it was, why, and what became of it. */
  private renderProposal(label: Label): TemplateResult | typeof nothing {
    const proposal = this.proposals.get(label.id);
    const outcome = this.proposals.outcome(this.store, label.id);
    if (!proposal || !outcome) return nothing;
    // Beyond two, evidence folds away: a long list pushed the label list and the selected label's buttons off.
    const shown = proposal.evidence.slice(0, TsLabelWorkspace.EVIDENCE_SHOWN);
    const folded = proposal.evidence.slice(TsLabelWorkspace.EVIDENCE_SHOWN);
    const evidenceItem = (e: (typeof proposal.evidence)[number]) => html`<li>
      ${formatTime(e.start)}–${formatTime(e.end)} ${e.stream}${e.channels.length ? ` (${e.channels.join(', ')})` : ''}${e.note
        ? `: ${e.note}` : ''}</li>`;
    return html`<div id="proposal-panel" data-outcome=${outcome}>
      <div>Proposed by <strong>${proposal.source}</strong> v${proposal.version} ·
        ${describeConfidence(proposal.confidence)}</div>
      ${proposal.evidence.length ? html`<ul id="proposal-evidence">${shown.map(evidenceItem)}</ul>` : nothing}
      ${folded.length ? html`<details id="proposal-evidence-more"><summary>${folded.length} more
        evidence</summary><ul>${folded.map(evidenceItem)}</ul></details>` : nothing}
      <div class="help">${TsLabelWorkspace.OUTCOME_TEXT[outcome]}</div>
      ${outcome === 'proposed' ? html`<div class="row">
        <button class="action primary" id="accept-proposal" ?disabled=${this.readOnly}
          @click=${() => this.acceptSelected()}>Accept (Enter)</button>
        <button class="action" id="accept-track" ?disabled=${this.readOnly}
          @click=${() => this.acceptTrack()}>Accept track (Shift+Enter)</button></div>` : nothing}
    </div>`;
  }

  /** How many proposals wait, and what became of the others, above the label list. */
  private renderProposalCounts(): TemplateResult | typeof nothing {
    if (this.proposals.ids().length === 0) return nothing;
    const c = this.proposals.counts(this.store);
    return html`<div class="help" id="proposal-counts" data-proposed=${c.proposed} data-accepted=${c.accepted}
      data-adjusted=${c.adjusted} data-deleted=${c.deleted}>Proposals: ${c.proposed} to review · ${c.accepted}
      accepted · ${c.adjusted} adjusted · ${c.deleted} deleted</div>`;
  }

  private renderList(): TemplateResult {
    const labels = this.sortedLabels();
    return html`<section id="labels-section"><h3>Labels (${labels.length})</h3>
      ${this.renderProposalCounts()}
      <div class="list" id="label-list">
        ${labels.length === 0 ? html`<div class="help" style="padding:4px 6px">No labels yet.</div>` : nothing}
        ${labels.map((l) => {
          const t = labelTime(l, this.store.labels());
          const color = 'classKey' in l ? colorOf(this.schema, l.definition, l.classKey)
            : l.kind === 'gap' ? colorOf(this.schema, l.definition, l.mode) : '#999';
          const proposed = this.store.isPending(l.id);
          const proposal = proposed ? this.proposals.get(l.id) : undefined;
          return html`<button class="${l.id === this.store.selected ? 'selected' : ''} ${proposed ? 'proposed' : ''}"
            data-id=${l.id} data-kind=${l.kind} data-proposed=${proposed}
            title=${proposal ? `Proposed by ${describeSource(proposal)}` : nothing}
            @click=${() => this.jumpTo(l)}>
            <span class="swatch" style="background:${color}"></span>
            <span>${this.describe(l)}${l.kind === 'value' ? html`: ${this.valueText(l)}` : nothing}</span>
            ${proposed ? html`<span class="proposed-tag">proposed</span>` : nothing}
            <span class="time">${t >= 0 ? formatTime(t) : 'episode'}</span></button>`;
        })}
      </div></section>`;
  }

  private valueText(value: ValueLabel): string {
    const definition = this.store.definition(value.definition);
    if (value.text !== null) return value.text.length > 40 ? `${value.text.slice(0, 40)}…` : value.text;
    if (value.accept !== null) {
      return value.accept ? 'accept' : `reject (${value.classes.map((c) => this.classLabel(value.definition, c)).join(', ')})`;
    }
    if (value.number !== null) return `${value.number}${definition?.unit ? ` ${definition.unit}` : ''}`;
    return value.classes.map((c) => this.classLabel(value.definition, c)).join(', ');
  }

  private renderSubmit(): TemplateResult {
    const missing = missingRequired(this.schema, this.store.draftLabels());
    return html`<section id="submit-section"><h3>Submit</h3>
      ${this.submission ? html`<div id="submitted" data-submission=${this.submission.id}>Submitted revision
        ${this.submission.revision} with ${this.submission.labels} labels.</div>` : html`
        ${missing.length ? html`<div class="help" id="missing-required">Still required: ${missing.join('; ')}</div>` : nothing}
        <button class="action primary" id="submit" ?disabled=${this.submitting || this.readOnly}
          @click=${() => this.submit()}>Submit (Ctrl+Enter)</button>`}
      ${this.submitProblems.length ? html`<ul class="problems" id="submit-problems">
        ${this.submitProblems.map((p) => html`<li>${p}</li>`)}</ul>` : nothing}
    </section>`;
  }

  private renderKeys(): TemplateResult {
    const rows: [string, string][] = [];
    for (const d of this.schema.definitions) {
      if (d.shortcut) rows.push([d.shortcut, `${d.name}${isValueType(d) ? ' (panel)' : ''}`]);
      if (d.type !== 'verdict') d.classes.filter((c) => c.shortcut).forEach((c) => rows.push([c.shortcut!, `${d.name}: ${c.name}`]));
    }
    rows.push(['Enter / Esc', this.schema.definitions.some((d) => d.type === 'gap')
      ? 'End / cancel the open phase or gap' : 'End / cancel the open phase'],
      ['Enter', 'Accept the selected proposal'], ['Shift+Enter', 'Accept every proposal of its track'],
      ['Delete', 'Delete the selected label (a proposal: reject it)'],
      ['Alt+↓ / Alt+↑', 'Select next / previous label and jump to it'], ['Ctrl+Z / Ctrl+Shift+Z', 'Undo / redo'],
      ['Ctrl+K / Ctrl+M', 'Split phase at playhead / merge with next'], ['Ctrl+← / →', 'Nudge by a frame'],
      ['Ctrl+S', 'Save now'], ['Ctrl+Enter', 'Submit (asks first)'], ['?', 'Player keys']);
    return html`<details id="workspace-keys"><summary>Keys</summary><table class="keys">
      ${rows.map(([k, what]) => html`<tr><td><span class="kbd">${k}</span></td><td>${what}</td></tr>`)}</table></details>`;
  }
}

/** `Shift+a` and `A` are one keystroke, as the schema's rules say (LabelSchema.normalizeShortcut). */
export function normalizeShortcut(shortcut: string): string {
  if (shortcut.startsWith('Shift+')) {
    const key = shortcut.slice('Shift+'.length);
    return /^\p{L}$/u.test(key) ? key.toUpperCase() : shortcut;
  }
  return shortcut;
}

/** A key press written as the schema writes shortcuts: Shift with a digit or sign names the unshifted key. */
function keystroke(e: KeyboardEvent): string {
  if (e.key.length !== 1 || !e.shiftKey || /^\p{L}$/u.test(e.key)) return e.key;
  const digit = /^Digit(\d)$/.exec(e.code);
  return `Shift+${digit ? digit[1] : e.key}`;
}

if (!customElements.get('ts-label-workspace')) {
  customElements.define('ts-label-workspace', TsLabelWorkspace);
}

declare global {
  interface HTMLElementTagNameMap {
    'ts-label-workspace': TsLabelWorkspace;
  }
}
