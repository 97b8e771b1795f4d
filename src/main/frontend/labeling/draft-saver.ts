import { sameLabel, type Label, type LabelStore, type LabelStoreChange } from '../labels/label-model.js';
import type { Outcome, ProposalOutcomeJson } from '../labels/proposals.js';
import { retryDelayMs, saveAction } from './server-outage.js';

export { sameLabel };

/** A label as the server has it: the label and the draft revision it last changed at. */
export interface StoredLabel { label: Label; revision: number; }
/** dev.touchstone.labeling.Draft as JSON. */
export interface DraftJson {
  id: string; episodeId: string; schemaVersionId: string; durationNanos: number; revision: number;
  submitted: boolean; labels: StoredLabel[];
  /** its assignment ended (expired or skipped): kept, but read-only like a submitted draft */
  closed?: boolean;
  /** the proposals offered to the draft, with what became of each (docs/labeling/api.md, "Proposals") */
  proposals?: ProposalOutcomeJson[];
}
/** An op the server did not apply because the label changed there after our base revision (another tab). */
export interface Conflict { labelId: string; serverLabel: Label | null; serverRevision: number; mine: Label | null; }

type Op = { op: 'put'; label: Label; baseRevision: number } | { op: 'delete'; labelId: string; baseRevision: number };
/** A proposal's outcome as a save leaves it. */
interface ProposalAction { labelId: string; outcome: Outcome; }
interface PendingSave {
  saveId: string; ops: Op[]; proposals: ProposalAction[]; sent: Map<string, string>;
  /** the labels it changes: with an op, an outcome or both */
  changes: number;
}

/**
 * `unavailable`: the server did not answer or answered 503 (its database or disk failed for a moment); the changes
 * are kept in this browser and the same save goes again, by itself, until it is acknowledged.
 */
export type SaveState = 'saved' | 'unsaved' | 'saving' | 'unavailable' | 'refused' | 'signed-out' | 'submitted';

/** How long after the first unsaved edit a save goes out; with a request of a few ms, well inside the 2 s promise. */
export const SAVE_DELAY_MS = 700;
const SYNC_EVERY_MS = 10_000;

/**
 * Saves a draft continuously as small deltas (docs/labeling/api.md): the ids the store reports as changed since
 * the last acknowledged save, each with the revision it was based on. A failed request is retried with the same
 * save id, so a save whose answer was lost is not applied twice; while the server is unavailable (no answer, 503)
 * the retries back off and follow its Retry-After (server-outage.ts), and edits made meanwhile queue up behind the
 * retried save. Unsaved changes are also kept in localStorage, so they survive a closed tab or a server that is down
 * and come back on the next open. Changes from another tab are pulled in when the draft moved on without us; an
 * edit of a label the other tab also changed comes back as a {@link Conflict} for the annotator to settle.
 */
export class DraftSaver extends EventTarget {
  state: SaveState = 'saved';
  problems: string[] = [];
  conflicts: Conflict[] = [];
  revision: number;
  savedAt: Date | undefined;
  private readonly revisions = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private readonly clientId = crypto.randomUUID();
  private pending: PendingSave | undefined;
  private inFlight: Promise<void> | undefined;
  private timer: number | undefined;
  private retries = 0;
  private syncTimer: number | undefined;
  /**
   * The outcome of the proposal with this id as the store shows it now, undefined for an id that is no proposal
   * (set by the workspace from its ProposalBook). A save carries the outcome of each proposal it touches.
   */
  proposalOutcome: (id: string) => Outcome | undefined = () => undefined;
  /** This tab's backup; every tab of a draft has its own, so two tabs never overwrite each other's. */
  private readonly backupKey: string;
  private readonly backupPrefix: string;

  constructor(private readonly store: LabelStore, draft: DraftJson, private readonly url: string,
    private readonly headers: Record<string, string>) {
    super();
    this.revision = draft.revision;
    draft.labels.forEach((l) => this.revisions.set(l.label.id, l.revision));
    this.backupPrefix = `touchstone.draft.${draft.id}`;
    this.backupKey = `${this.backupPrefix}.${this.clientId}`;
    if (draft.submitted || draft.closed) this.state = 'submitted';
    store.addEventListener('change', (e) => this.onChange((e as CustomEvent<LabelStoreChange>).detail));
  }

  /** Starts periodic syncing and flushes when the page is hidden (tab switch, close, reload). */
  start(): void {
    this.syncTimer = window.setInterval(() => {
      if (this.dirty.size === 0 && !this.inFlight && this.state !== 'submitted') void this.sync();
    }, SYNC_EVERY_MS);
    document.addEventListener('visibilitychange', this.onHidden);
    window.addEventListener('pagehide', this.onHidden);
  }

  stop(): void {
    window.clearInterval(this.syncTimer);
    window.clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.onHidden);
    window.removeEventListener('pagehide', this.onHidden);
  }

  get unsavedCount(): number {
    return this.dirty.size + (this.pending?.changes ?? 0);
  }

  /** The draft's label of this id: none while it is a proposal not acted on (the server does not hold those). */
  private draftLabel(id: string): Label | undefined {
    return this.store.isPending(id) ? undefined : this.store.get(id);
  }

  /** What a save of this id sends: the label and, for a proposal, its outcome; compared after the answer. */
  private snapshot(id: string): string {
    const outcome = this.proposalOutcome(id);
    return JSON.stringify(this.draftLabel(id) ?? null) + (outcome ? `|${outcome}` : '');
  }

  /**
   * Unsaved changes this browser kept from earlier tabs of this draft (a closed tab, a dead server): back into the
   * store, to be saved from here. A kept change the server already has (a tab's last save went out as it closed) is
   * dropped; one the server has differently since is a conflict for the annotator.
   */
  restoreBackup(): number {
    const put: Label[] = [];
    const remove: string[] = [];
    const accept: string[] = [];
    for (const key of this.otherBackupKeys()) {
      const raw = localStorage.getItem(key);
      localStorage.removeItem(key);
      let backup: Record<string, { label: Label | null; base: number; outcome?: Outcome }>;
      try {
        backup = JSON.parse(raw ?? '{}').labels ?? {};
      } catch {
        continue;
      }
      for (const [id, { label, base, outcome }] of Object.entries(backup)) {
        const server = this.revisions.get(id) ?? 0;
        const current = this.draftLabel(id) ?? null;
        if (this.store.isPending(id) && !label && outcome === 'deleted') {
          remove.push(id); // a proposal deleted in a tab that closed before saving it
          continue;
        }
        if (this.store.isPending(id) && outcome === 'accepted' && sameLabel(label, this.store.get(id) ?? null)) {
          accept.push(id);
          continue;
        }
        if (sameLabel(current, label)) continue;
        if (server > base) {
          this.conflicts.push({ labelId: id, serverLabel: current, serverRevision: server, mine: label });
          continue;
        }
        if (label) put.push(label); else if (current) remove.push(id);
      }
    }
    if (put.length + remove.length > 0) {
      this.store.edit('restore unsaved changes', put, remove);
    }
    if (accept.length > 0) this.store.accept('restore accepted proposals', accept);
    this.emit();
    return put.length + remove.length + accept.length;
  }

  private otherBackupKeys(): string[] {
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key && key !== this.backupKey && (key === this.backupPrefix || key.startsWith(`${this.backupPrefix}.`))) {
        keys.push(key);
      }
    }
    return keys;
  }

  /** Sends what is unsaved now; resolves when the server has it (or the attempt failed). */
  async flush(keepalive = false): Promise<void> {
    window.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight) {
      await this.inFlight;
      if (this.dirty.size > 0 && this.state !== 'refused') return this.flush(keepalive);
      return;
    }
    if (!this.pending) {
      if (this.dirty.size === 0 || this.state === 'submitted') return;
      this.pending = this.takeDirty();
    }
    this.inFlight = this.send(this.pending, keepalive).finally(() => { this.inFlight = undefined; });
    await this.inFlight;
  }

  /** The annotator settled a conflict: keep their version (saved over the other) or take the server's. */
  resolve(labelId: string, keepMine: boolean): void {
    const conflict = this.conflicts.find((c) => c.labelId === labelId);
    if (!conflict) return;
    this.conflicts = this.conflicts.filter((c) => c !== conflict);
    this.revisions.set(labelId, conflict.serverRevision);
    if (keepMine) {
      // The store already shows mine unless it came from a backup; put it back and save it over the server's.
      if (conflict.mine) this.store.replaceFromServer(labelId, conflict.mine);
      else this.store.replaceFromServer(labelId, undefined);
      this.dirty.add(labelId);
      if (this.state === 'saved') this.state = 'unsaved';
      this.schedule();
    } else {
      this.store.replaceFromServer(labelId, conflict.serverLabel ?? undefined);
      this.dirty.delete(labelId);
    }
    this.writeBackup();
    this.emit();
  }

  markSubmitted(): void {
    this.state = 'submitted';
    this.stop();
    this.emit();
  }

  private readonly onHidden = (e: Event): void => {
    if (e.type === 'pagehide' || document.visibilityState === 'hidden') {
      this.writeBackup();
      void this.flush(true);
    }
  };

  private onChange(change: LabelStoreChange): void {
    if (change.source === 'server') return;
    change.ids.forEach((id) => this.dirty.add(id));
    if (this.state === 'saved' || this.state === 'refused') this.state = 'unsaved';
    this.writeBackup();
    this.schedule();
    this.emit();
  }

  private schedule(delay = SAVE_DELAY_MS): void {
    if (this.timer === undefined && this.state !== 'submitted') {
      this.timer = window.setTimeout(() => { this.timer = undefined; void this.flush(); }, delay);
    }
  }

  private takeDirty(): PendingSave {
    const ops: Op[] = [];
    const proposals: ProposalAction[] = [];
    const sent = new Map<string, string>();
    let changes = 0;
    for (const id of this.dirty) {
      const before = ops.length + proposals.length;
      // A proposal made pending again (its accept undone) is no label of the draft: the server's copy goes.
      const label = this.draftLabel(id);
      const baseRevision = this.revisions.get(id) ?? 0;
      if (label) {
        ops.push({ op: 'put', label, baseRevision });
      } else if (this.revisions.has(id)) {
        ops.push({ op: 'delete', labelId: id, baseRevision });
      }
      const outcome = this.proposalOutcome(id);
      if (outcome) proposals.push({ labelId: id, outcome });
      if (ops.length + proposals.length > before) changes++;
      sent.set(id, this.snapshot(id));
    }
    this.dirty.clear();
    return { saveId: crypto.randomUUID(), ops, proposals, sent, changes };
  }

  private async send(save: PendingSave, keepalive: boolean): Promise<void> {
    if (save.ops.length === 0 && save.proposals.length === 0) {
      this.pending = undefined;
      this.afterSave();
      return;
    }
    // A retry while the server is away keeps saying so (the banner would flicker with every attempt otherwise).
    if (this.state !== 'unavailable' && this.state !== 'signed-out') this.state = 'saving';
    this.emit();
    let response: Response;
    try {
      response = await fetch(`${this.url}/saves`, {
        method: 'POST', keepalive, credentials: 'same-origin',
        headers: { ...this.headers, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ saveId: save.saveId, clientId: this.clientId, ops: save.ops,
          proposals: save.proposals }),
      });
    } catch {
      this.retryLater('unavailable', null);
      return;
    }
    const action = saveAction(response.status);
    if (action === 'unavailable' || action === 'signed-out') {
      this.retryLater(action, response.headers.get('Retry-After'));
      return;
    }
    const body = await response.json().catch(() => ({}));
    this.pending = undefined;
    this.retries = 0;
    if (action === 'submitted') {
      this.state = 'submitted';
      this.problems = [body.error ?? 'This draft was submitted; it cannot change any more'];
      this.emit();
      return;
    }
    if (!response.ok) {
      // Refused as a whole (a rule broken): nothing was applied. Keep every change and show why.
      save.sent.forEach((_, id) => this.dirty.add(id));
      this.state = 'refused';
      this.problems = body.problems ?? [body.error ?? `The save was refused (${response.status})`];
      this.emit();
      return;
    }
    this.acknowledge(save, body as { revision: number; conflicts: { labelId: string; serverLabel: Label | null; serverRevision: number }[]; replayed: boolean });
  }

  private acknowledge(save: PendingSave, result: { revision: number; replayed: boolean;
    conflicts: { labelId: string; serverLabel: Label | null; serverRevision: number }[] }): void {
    const conflicted = new Set(result.conflicts.filter((c) => !sameLabel(this.draftLabel(c.labelId) ?? null, c.serverLabel))
      .map((c) => c.labelId));
    const movedOn = result.revision > this.revision + 1;
    for (const op of save.ops) {
      const id = op.op === 'put' ? op.label.id : op.labelId;
      if (!conflicted.has(id)) this.revisions.set(id, result.revision);
    }
    for (const c of result.conflicts) {
      this.conflicts = this.conflicts.filter((x) => x.labelId !== c.labelId);
      const mine = this.draftLabel(c.labelId) ?? null;
      if (sameLabel(mine, c.serverLabel)) {
        // Both sides made the same change (e.g. another tab saved a change restored from this browser's backup).
        this.revisions.set(c.labelId, c.serverRevision);
        continue;
      }
      this.conflicts.push({ ...c, mine });
    }
    // Edited again while the save was out: those ids stay unsaved.
    save.sent.forEach((json, id) => {
      if (this.snapshot(id) !== json && !conflicted.has(id)) this.dirty.add(id);
    });
    this.revision = Math.max(this.revision, result.revision);
    this.problems = [];
    this.savedAt = new Date();
    this.afterSave();
    if (movedOn && !result.replayed) void this.sync();
  }

  private afterSave(): void {
    this.state = this.dirty.size > 0 ? 'unsaved' : 'saved';
    this.writeBackup();
    if (this.dirty.size > 0) this.schedule();
    this.emit();
  }

  /** The pending save goes again, with the same save id, after the backoff or the server's Retry-After. */
  private retryLater(state: SaveState, retryAfter: string | null): void {
    this.state = state;
    const delay = retryDelayMs(this.retries, retryAfter);
    this.retries++;
    this.emit();
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => { this.timer = undefined; void this.flush(); }, delay);
  }

  /** Pulls in labels another tab saved; labels with unsaved local edits are left to the conflict check. */
  async sync(): Promise<void> {
    let draft: DraftJson;
    try {
      const response = await fetch(this.url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      draft = await response.json();
    } catch {
      return;
    }
    if ((draft.submitted || draft.closed) && this.state !== 'submitted') this.markSubmitted();
    const busy = (id: string) => this.dirty.has(id) || this.pending?.sent.has(id)
      || this.conflicts.some((c) => c.labelId === id);
    const seen = new Set<string>();
    for (const { label, revision } of draft.labels) {
      seen.add(label.id);
      if (!busy(label.id) && revision > (this.revisions.get(label.id) ?? 0)) {
        this.revisions.set(label.id, revision);
        this.store.replaceFromServer(label.id, label);
      }
    }
    for (const label of this.store.draftLabels()) {
      if (!seen.has(label.id) && this.revisions.has(label.id) && !busy(label.id)) {
        this.store.replaceFromServer(label.id, undefined); // deleted in another tab
      }
    }
    this.revision = Math.max(this.revision, draft.revision);
    this.emit();
  }

  private writeBackup(): void {
    const ids = new Set([...this.dirty, ...(this.pending?.sent.keys() ?? [])]);
    try {
      if (ids.size === 0) {
        localStorage.removeItem(this.backupKey);
        return;
      }
      const labels: Record<string, { label: Label | null; base: number; outcome?: Outcome }> = {};
      ids.forEach((id) => {
        labels[id] = { label: this.draftLabel(id) ?? null, base: this.revisions.get(id) ?? 0,
          outcome: this.proposalOutcome(id) };
      });
      localStorage.setItem(this.backupKey, JSON.stringify({ at: Date.now(), labels }));
    } catch {
      // A full or disabled localStorage only loses the second safety net; the server autosave goes on.
    }
  }

  private emit(): void {
    this.dispatchEvent(new Event('state'));
  }
}
