/**
 * The labels of one draft as the workspace edits them, mirroring dev.touchstone.labeling.Label (JSON `kind`).
 * Times are nanoseconds on the episode clock, never shifted by a stream offset. Ids are made here, so a retried save
 * can never create a label twice.
 */
export type Nanos = number;

interface LabelBase { id: string; definition: string; }
export interface PhaseLabel extends LabelBase { kind: 'phase'; track: string; classKey: string; start: Nanos; end: Nanos; }
export interface EventLabel extends LabelBase { kind: 'event'; classKey: string; time: Nanos; }
/**
 * Where and why a real episode departs from its simulated twin: [start, end) with one failure mode of the gap
 * definition's taxonomy (its classes) and an optional note. Gaps may overlap each other.
 */
export interface GapLabel extends LabelBase { kind: 'gap'; mode: string; start: Nanos; end: Nanos; note?: string | null; }
/** category: classes; rating and number: number; verdict: accept (+ classes as reject reasons); text: text. */
export interface ValueLabel extends LabelBase {
  kind: 'value'; segment: string | null; classes: string[]; number: number | null; accept: boolean | null;
  text: string | null;
}
/** Top-left corner, width and height in pixels of the camera image. */
export interface BoxKey { time: Nanos; x: number; y: number; width: number; height: number; }
export interface BoxTrackLabel extends LabelBase {
  kind: 'box2d'; classKey: string; trackId: string; stream: string; keyframes: BoxKey[];
}
/** Centre and size in metres in the cloud's frame, rotation about z in radians. */
export interface CuboidKey {
  time: Nanos; cx: number; cy: number; cz: number; length: number; width: number; height: number; yaw: number;
}
export interface CuboidTrackLabel extends LabelBase {
  kind: 'cuboid3d'; classKey: string; trackId: string; stream: string; keyframes: CuboidKey[];
}
export type Label = PhaseLabel | GapLabel | EventLabel | ValueLabel | BoxTrackLabel | CuboidTrackLabel;

export type LabelTypeName = 'phase' | 'gap' | 'event' | 'category' | 'rating' | 'verdict' | 'text' | 'number' | 'box2d'
  | 'cuboid3d';
export interface LabelClass { key: string; name: string; color?: string | null; shortcut?: string | null; }
/** One definition of the draft's schema version (dev.touchstone.labeling.LabelSchema.Definition). */
export interface Definition {
  key: string; name: string; type: LabelTypeName; scope?: string | null; segmentOf?: string | null;
  required: boolean; shortcut?: string | null; help?: string; helpMedia?: string | null; classes: LabelClass[];
  multiple?: boolean; min?: number | null; max?: number | null; unit?: string | null; maxLength?: number | null;
}
export interface Schema { name: string; description?: string; definitions: Definition[]; }

export const FALLBACK_COLOR = '#5b7bd5';

export function newId(): string {
  return crypto.randomUUID();
}

export function classOf(schema: Schema, definition: string, classKey: string): LabelClass | undefined {
  return schema.definitions.find((d) => d.key === definition)?.classes.find((c) => c.key === classKey);
}

export function colorOf(schema: Schema, definition: string, classKey: string): string {
  return classOf(schema, definition, classKey)?.color ?? FALLBACK_COLOR;
}

/** Index of the first keyframe after `time` (0: before all, length: after all). */
function keyAfter(keys: { time: Nanos }[], time: Nanos): number {
  let after = 0;
  while (after < keys.length && keys[after].time <= time) {
    after++;
  }
  return after;
}

function lerp(a: number, b: number, f: number): number {
  return a + (b - a) * f;
}

/** The box at `time`: linear between the keyframes around it, held before the first and after the last. */
export function boxAt(keys: BoxKey[], time: Nanos): BoxKey | undefined {
  if (keys.length === 0) return undefined;
  const after = keyAfter(keys, time);
  if (after === 0 || after === keys.length) return { ...keys[Math.max(0, after - 1)], time };
  const a = keys[after - 1];
  const b = keys[after];
  const f = (time - a.time) / (b.time - a.time);
  return { time, x: lerp(a.x, b.x, f), y: lerp(a.y, b.y, f), width: lerp(a.width, b.width, f),
    height: lerp(a.height, b.height, f) };
}

/** The cuboid at `time`; yaw turns the short way round, as on the server (Label.cuboidAt). */
export function cuboidAt(keys: CuboidKey[], time: Nanos): CuboidKey | undefined {
  if (keys.length === 0) return undefined;
  const after = keyAfter(keys, time);
  if (after === 0 || after === keys.length) return { ...keys[Math.max(0, after - 1)], time };
  const a = keys[after - 1];
  const b = keys[after];
  const f = (time - a.time) / (b.time - a.time);
  const turn = remainder(b.yaw - a.yaw, 2 * Math.PI);
  return { time, cx: lerp(a.cx, b.cx, f), cy: lerp(a.cy, b.cy, f), cz: lerp(a.cz, b.cz, f),
    length: lerp(a.length, b.length, f), width: lerp(a.width, b.width, f), height: lerp(a.height, b.height, f),
    yaw: remainder(a.yaw + turn * f, 2 * Math.PI) };
}

/** IEEE remainder (Java's Math.IEEEremainder): the result lies in [-m/2, m/2]. */
export function remainder(x: number, m: number): number {
  return x - m * Math.round(x / m);
}

/** Puts `key` into sorted keyframes, replacing one at the same time. Returns a new array. */
export function withKeyframe<K extends { time: Nanos }>(keys: K[], key: K): K[] {
  const rest = keys.filter((k) => k.time !== key.time);
  const at = keyAfter(rest, key.time);
  return [...rest.slice(0, at), key, ...rest.slice(at)];
}

/**
 * One undoable step: labels as they were before and after (undefined = absent), and the proposals it settled
 * (pending before, acted on after: undo makes them pending again).
 */
interface Step {
  description: string; before: Map<string, Label | undefined>; after: Map<string, Label | undefined>;
  settled: Set<string>; coalesce?: string; at: number;
}

/** Edits with the same coalesce key this close together are one undo step (typing a description). */
const COALESCE_MS = 2000;

export interface LabelStoreChange { ids: string[]; description: string; source: 'edit' | 'undo' | 'redo' | 'server'; }

/**
 * The draft's labels in the browser, with undo and redo of every edit. Editors (timeline, side panel, boxes,
 * cuboids) never keep their own copy: they call {@link edit} and redraw on the `change` event
 * (CustomEvent<LabelStoreChange>). The autosave listens to the same event and sends the changed ids.
 */
export class LabelStore extends EventTarget {
  private readonly byId = new Map<string, Label>();
  /**
   * Proposals shown and not acted on yet (labels/proposals.ts): they are in `byId` like any label, so every editor
   * shows and edits them, but they are not the draft's until an edit touches them or they are accepted.
   */
  private readonly pending = new Set<string>();
  private readonly undoStack: Step[] = [];
  private readonly redoStack: Step[] = [];
  /** The label the editors act on (selected in the list, on a track, a box or a cuboid). */
  selected: string | null = null;

  // Plain fields rather than constructor parameter properties: Node's type stripping (the frontend unit tests)
  // cannot run those.
  readonly schema: Schema;
  readonly durationNanos: Nanos;

  /** `proposed`: proposals to show as pending; one whose id is already a label of the draft is left out. */
  constructor(schema: Schema, durationNanos: Nanos, labels: Label[] = [], proposed: Label[] = []) {
    super();
    this.schema = schema;
    this.durationNanos = durationNanos;
    labels.forEach((l) => this.byId.set(l.id, l));
    proposed.filter((l) => !this.byId.has(l.id)).forEach((l) => {
      this.byId.set(l.id, l);
      this.pending.add(l.id);
    });
  }

  /** Every label shown, pending proposals included. */
  labels(): Label[] {
    return [...this.byId.values()];
  }

  /** The draft's labels: those shown, without the proposals not acted on (what a save and a submission hold). */
  draftLabels(): Label[] {
    return this.labels().filter((l) => !this.pending.has(l.id));
  }

  /** Whether this id is a proposal shown and not acted on yet. */
  isPending(id: string): boolean {
    return this.pending.has(id);
  }

  pendingIds(): string[] {
    return [...this.pending];
  }

  /**
   * Accepts pending proposals unchanged, as one undoable step: they become the draft's labels under their own ids.
   * Ids that are not pending are ignored; nothing happens when none is.
   */
  accept(description: string, ids: string[]): void {
    const settled = new Set(ids.filter((id) => this.pending.has(id)));
    if (settled.size === 0) return;
    const step: Step = { description, before: new Map(), after: new Map(), settled, at: Date.now() };
    this.push(step);
    this.applyState(new Map(), description, 'edit', settled, false);
  }

  get(id: string): Label | undefined {
    return this.byId.get(id);
  }

  definition(key: string): Definition | undefined {
    return this.schema.definitions.find((d) => d.key === key);
  }

  /**
   * One undoable edit: labels to create or replace and ids to delete. Edits with the same `coalesce` key that follow
   * each other within two seconds merge into one step, so undo takes back a typed word, not a keystroke.
   */
  edit(description: string, put: Label[] = [], remove: string[] = [], coalesce?: string): void {
    const before = new Map<string, Label | undefined>();
    const after = new Map<string, Label | undefined>();
    for (const id of remove) {
      if (this.byId.has(id)) {
        before.set(id, this.byId.get(id));
        after.set(id, undefined);
      }
    }
    for (const label of put) {
      if (!before.has(label.id)) before.set(label.id, this.byId.get(label.id));
      after.set(label.id, label);
    }
    if (after.size === 0) return;
    // Any edit of a proposal is acting on it: accepted and changed (adjusted), or deleted.
    const settled = new Set([...after.keys()].filter((id) => this.pending.has(id)));
    const last = this.undoStack.at(-1);
    const now = Date.now();
    if (coalesce && last?.coalesce === coalesce && this.redoStack.length === 0 && now - last.at < COALESCE_MS) {
      before.forEach((label, id) => { if (!last.before.has(id)) last.before.set(id, label); });
      after.forEach((label, id) => last.after.set(id, label));
      settled.forEach((id) => last.settled.add(id));
      last.at = now;
      this.applyState(after, description, 'edit', settled, false);
      return;
    }
    this.push({ description, before, after, settled, coalesce, at: now });
    this.applyState(after, description, 'edit', settled, false);
  }

  private push(step: Step): void {
    this.undoStack.push(step);
    if (this.undoStack.length > 500) this.undoStack.shift();
    this.redoStack.length = 0;
  }

  canUndo(): boolean { return this.undoStack.length > 0; }
  canRedo(): boolean { return this.redoStack.length > 0; }
  undoDescription(): string | undefined { return this.undoStack.at(-1)?.description; }
  redoDescription(): string | undefined { return this.redoStack.at(-1)?.description; }

  undo(): boolean {
    const step = this.undoStack.pop();
    if (!step) return false;
    this.redoStack.push(step);
    this.applyState(step.before, step.description, 'undo', step.settled, true);
    return true;
  }

  redo(): boolean {
    const step = this.redoStack.pop();
    if (!step) return false;
    this.undoStack.push(step);
    this.applyState(step.after, step.description, 'redo', step.settled, false);
    return true;
  }

  /** What the server holds now replaces the local label (a conflict resolved in its favour); not undoable. */
  replaceFromServer(id: string, label: Label | undefined): void {
    // The server holding a proposal's id means it was acted on (in another tab): no longer pending here.
    const settled = label && this.pending.has(id) ? new Set([id]) : new Set<string>();
    this.applyState(new Map([[id, label]]), 'from server', 'server', settled, false);
  }

  select(id: string | null): void {
    if (this.selected === id) return;
    this.selected = id;
    this.dispatchEvent(new CustomEvent('select', { detail: { id } }));
  }

  /** `settled`: proposals this change makes pending again (`pendingAgain`, an undo) or acted on. */
  private applyState(state: Map<string, Label | undefined>, description: string,
    source: LabelStoreChange['source'], settled: Set<string> = new Set(), pendingAgain = false): void {
    for (const [id, label] of state) {
      if (label) this.byId.set(id, label); else this.byId.delete(id);
    }
    settled.forEach((id) => { if (pendingAgain) this.pending.add(id); else this.pending.delete(id); });
    if (this.selected && !this.byId.has(this.selected)) this.selected = null;
    this.dispatchEvent(new CustomEvent<LabelStoreChange>('change',
      { detail: { ids: [...new Set([...state.keys(), ...settled])], description, source } }));
  }
}

/**
 * What spatial editors (boxes on cameras, cuboids in clouds) get from the workspace: the store, and which
 * definition and class a new box or cuboid takes. The workspace sets these as the `labeling` property of the view.
 */
export interface SpatialLabeling {
  store: LabelStore;
  /** the active box2d / cuboid3d definition key and class key for new labels, when one is chosen */
  activeDefinition(type: 'box2d' | 'cuboid3d'): { definition: string; classKey: string } | undefined;
}

/** Whether two labels say the same, whatever the order of their fields (the server writes them in its own order). */
export function sameLabel(a: Label | null | undefined, b: Label | null | undefined): boolean {
  return canonical(a ?? null) === canonical(b ?? null);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
