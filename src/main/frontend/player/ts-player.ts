import { LitElement, css, html, nothing } from 'lit';

/** Episode time in nanoseconds. A JS number is exact up to 2^53 ns (about 104 days), far beyond any episode. */
export type Nanos = number;
export interface ViewRange { t0: Nanos; t1: Nanos; }

/**
 * How the member arranges the player; the server keeps it per member (dev.touchstone.player.PlayerLayout).
 * `hidden` holds views' `data-view` keys; `split` is the tiles' share of the height above the wide views.
 */
export interface PlayerLayout { hidden: string[]; split: number; columns: number; trackLanes: number; }

/** A slotted view that holds labels offers their times for "jump to next / previous label". */
export interface LabelSource {
  labelTimes(): Nanos[];
}

export const DEFAULT_LAYOUT: PlayerLayout = { hidden: [], split: 0.6, columns: 0, trackLanes: 3 };
const MIN_SPLIT = 0.15;
const MAX_SPLIT = 0.85;
/** Layout changes (a splitter drag) are sent to the server once the member stops for this long. */
const LAYOUT_SAVE_DELAY_MS = 400;

/**
 * What a slotted view may offer so that frame stepping follows its own frames. Optional: views without it are
 * simply not candidates for "step one frame".
 */
export interface FrameStepper {
  /** Episode time of the frame one step from what is shown at `time`, or undefined when there is none. */
  frameStep(time: Nanos, direction: 1 | -1): Nanos | undefined;
}

const MIN_SPEED = 0.1;
const MAX_SPEED = 4;
/** The speed ladder for + and -: stepping multiplicatively would land on odd values like 0.35x. */
const SPEEDS = [0.1, 0.25, 0.5, 1, 1.5, 2, 3, 4];
const SECOND = 1e9;

export const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['Space', 'Play / pause'],
  ['← / →', 'Step one frame back / forward (selected camera)'],
  ['Shift + ← / →', 'Back / forward 1 s'],
  ['Home / End', 'Jump to start / end'],
  ['Page Up / Page Down', 'Jump to previous / next label'],
  ['[ / ]', 'Set loop in / out point at the playhead'],
  ['L', 'Loop on / off'],
  ['+ / -', 'Faster / slower (0.1x – 4x)'],
  ['?', 'Show / hide this list'],
];

/**
 * The episode player: owns the one clock every view follows. It pushes `time`, `playing` and `viewRange` into
 * every slotted child that declares them (see docs/player.md, "View contract") and listens for `ts-seek` and
 * `ts-view-range` from them. Playback advances the clock from requestAnimationFrame timestamps, not from any
 * video, so views with different rates or broken media cannot hold the others back.
 */
export class TsPlayer extends LitElement {
  static properties = {
    duration: { type: Number },
    start: { type: Number },
    time: { type: Number },
    playing: { type: Boolean, reflect: true },
    speed: { type: Number },
    loop: { type: Boolean, reflect: true },
    loopIn: { type: Number, attribute: 'loop-in', reflect: true },
    loopOut: { type: Number, attribute: 'loop-out', reflect: true },
    viewRange: { attribute: false },
    showShortcuts: { type: Boolean, attribute: 'show-shortcuts', reflect: true },
    stepSourceName: { state: true },
    layout: { attribute: false },
    menuOpen: { state: true },
    viewList: { state: true },
  };

  declare duration: Nanos;
  declare start: Nanos;
  declare time: Nanos;
  declare playing: boolean;
  declare speed: number;
  declare loop: boolean;
  declare loopIn: Nanos | undefined;
  declare loopOut: Nanos | undefined;
  declare viewRange: ViewRange;
  declare showShortcuts: boolean;
  declare stepSourceName: string;
  declare layout: PlayerLayout;
  declare menuOpen: boolean;
  /** Every slotted view with its key, label and region, for the view menu. */
  declare viewList: ReadonlyArray<{ key: string; label: string; element: Element }>;

  private frameRequest = 0;
  private lastTick: number | undefined;
  private views: Element[] = [];
  private stepSource: (Element & FrameStepper) | undefined;
  private scrubbing = false;
  private viewRangeIsDefault = true;
  private layoutSaveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.duration = 0;
    this.start = 0;
    this.time = 0;
    this.playing = false;
    this.speed = 1;
    this.loop = false;
    this.loopIn = undefined;
    this.loopOut = undefined;
    this.viewRange = { t0: 0, t1: 0 };
    this.showShortcuts = false;
    this.stepSourceName = '';
    this.layout = DEFAULT_LAYOUT;
    this.menuOpen = false;
    this.viewList = [];
    this.addEventListener('keydown', (e) => this.onKey(e));
    this.addEventListener('ts-seek', (e) => {
      const time = (e as CustomEvent<{ time: Nanos }>).detail?.time;
      if (typeof time === 'number' && Number.isFinite(time)) {
        this.seek(time);
      }
    });
    this.addEventListener('ts-view-range', (e) => {
      const detail = (e as CustomEvent<ViewRange>).detail;
      if (detail && Number.isFinite(detail.t0) && Number.isFinite(detail.t1) && detail.t1 > detail.t0) {
        this.setViewRange(detail);
      }
    });
    this.addEventListener('ts-view-status', () => {
      this.stepSourceName = this.currentStepSource()?.getAttribute('name') ?? '';
    });
    // The view under the pointer becomes the camera that ←/→ step through.
    this.addEventListener('pointerdown', (e) => {
      const stepper = e.composedPath().find((n) => n instanceof Element && this.isStepper(n) && this.views.includes(n));
      if (stepper) {
        this.chooseStepSource(stepper as Element & FrameStepper);
      }
    });
  }

  static styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; outline: none; position: relative;
      font-family: var(--lumo-font-family, sans-serif); font-size: var(--lumo-font-size-s, 14px); }
    :host(:focus-visible) { box-shadow: 0 0 0 2px var(--lumo-primary-color-50pct, #88f); }
    .stage { flex: 1; min-height: 0; display: flex; flex-direction: column; }
    .views { min-height: 0; display: grid; gap: 4px; padding: 4px; overflow: auto; }
    .tiles { grid-template-columns: repeat(auto-fit, minmax(var(--ts-player-view-min-width, 280px), 1fr));
      grid-auto-rows: minmax(160px, 1fr); }
    .wide { grid-template-columns: 1fr; grid-auto-rows: minmax(200px, 1fr); }
    .views[hidden], .splitter[hidden] { display: none; }
    ::slotted([ts-hidden]) { display: none !important; }
    .splitter { flex: 0 0 7px; cursor: row-resize; touch-action: none; position: relative;
      background: var(--lumo-contrast-5pct, #f0f0f0); }
    .splitter::after { content: ''; position: absolute; left: 50%; top: 2px; width: 40px; height: 3px;
      margin-left: -20px; border-radius: 2px; background: var(--lumo-contrast-30pct, #aaa); }
    .splitter:focus-visible { outline: 2px solid var(--lumo-primary-color-50pct, #88f); }
    .menu { position: absolute; right: 8px; bottom: 78px; z-index: 11; min-width: 240px; max-height: 60%;
      overflow: auto; padding: 8px 12px; background: var(--lumo-base-color, #fff);
      border: 1px solid var(--lumo-contrast-20pct, #ccc); box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25);
      border-radius: 6px; }
    .menu label { display: block; padding: 2px 0; white-space: nowrap; }
    .menu h4 { margin: 6px 0 4px; font-size: inherit; }
    .bar { display: flex; align-items: center; gap: 6px; padding: 4px 6px; flex-wrap: wrap;
      border-top: 1px solid var(--lumo-contrast-10pct, #ddd); }
    button { font: inherit; min-width: 2.2em; padding: 2px 6px; cursor: pointer; }
    button[aria-pressed='true'] { background: var(--lumo-primary-color-10pct, #dde); }
    .readout { font-variant-numeric: tabular-nums; min-width: 13em; }
    .speed { font-variant-numeric: tabular-nums; min-width: 3.5em; text-align: center; }
    .hint { color: var(--lumo-secondary-text-color, #666); margin-left: auto; }
    .axis { position: relative; height: 34px; margin: 0 6px 6px; cursor: ew-resize; touch-action: none;
      user-select: none; background: var(--lumo-contrast-5pct, #f3f3f3); border-radius: 3px; }
    .tick { position: absolute; top: 0; height: 8px; border-left: 1px solid var(--lumo-contrast-40pct, #999); }
    .tick span { position: absolute; top: 9px; left: 2px; font-size: 11px; white-space: nowrap;
      color: var(--lumo-secondary-text-color, #666); }
    .loop { position: absolute; top: 0; bottom: 0; background: var(--lumo-primary-color-10pct, #dde); }
    .loop.on { background: var(--lumo-primary-color-50pct, #aac); opacity: 0.5; }
    .playhead { position: absolute; top: 0; bottom: 0; width: 2px; margin-left: -1px;
      background: var(--lumo-error-color, #d22); pointer-events: none; }
    .overlay { position: absolute; inset: 10% 20%; z-index: 10; overflow: auto; padding: 12px 18px;
      background: var(--lumo-base-color, #fff); border: 1px solid var(--lumo-contrast-20pct, #ccc);
      box-shadow: 0 4px 24px rgba(0, 0, 0, 0.3); border-radius: 6px; }
    .overlay table { border-collapse: collapse; }
    .overlay td { padding: 3px 10px; }
    kbd { font-family: monospace; padding: 1px 5px; border: 1px solid #bbb; border-radius: 3px; }
  `;

  connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) {
      this.tabIndex = 0;
    }
  }

  protected firstUpdated(): void {
    // The player is a keyboard tool: with `autofocus` it takes the keys at once, without a click first.
    if (this.hasAttribute('autofocus')) {
      this.focus({ preventScroll: true });
    }
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.frameRequest);
    this.frameRequest = 0;
  }

  // ---- public API (also the test hook) ----

  get end(): Nanos {
    return this.start + Math.max(0, this.duration);
  }

  seek(time: Nanos): void {
    this.time = this.clamp(Math.round(time));
  }

  play(): void {
    if (this.playing) {
      return;
    }
    if (this.time >= this.end) {
      this.time = this.loopActive() ? this.loopIn! : this.start;
    }
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  togglePlay(): void {
    if (this.playing) {
      this.pause();
    } else {
      this.play();
    }
  }

  /** One frame of the selected camera (or of the first view that can step); pauses first so the step is exact. */
  stepFrame(direction: 1 | -1): void {
    this.pause();
    const source = this.currentStepSource();
    const next = source?.frameStep(this.time, direction);
    if (next !== undefined) {
      this.seek(next);
    }
  }

  /**
   * The time nearest to `time` among the step camera's frame starts and the episode's start and end (labels snap to
   * frames, and a phase may begin at 0 before a camera's first frame or end at the end after its last), or `time`
   * itself when no view can step. Uses only `frameStep`: the frame after the one showing `time`, then one back, is
   * the frame showing it.
   */
  snapToFrame(time: Nanos): Nanos {
    const source = this.currentStepSource();
    if (!source) return this.clamp(Math.round(time));
    const next = source.frameStep(time, 1);
    const shown = next !== undefined ? source.frameStep(next, -1) : source.frameStep(source.frameStep(time, -1) ?? time, 1);
    const candidates = [this.start, this.end, next, shown !== undefined && shown <= time ? shown : undefined]
      .filter((t): t is Nanos => t !== undefined);
    const nearest = candidates.reduce((best, t) => (Math.abs(t - time) < Math.abs(best - time) ? t : best));
    return this.clamp(Math.round(nearest));
  }

  /** The frame after (1) or before (-1) `time` on the step camera, for nudging a label by one frame. */
  frameFrom(time: Nanos, direction: 1 | -1): Nanos | undefined {
    return this.currentStepSource()?.frameStep(time, direction);
  }

  setSpeed(speed: number): void {
    this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
  }

  setLoopIn(time: Nanos = this.time): void {
    this.loopIn = this.clamp(time);
    if (this.loopOut !== undefined && this.loopOut <= this.loopIn) {
      this.loopOut = undefined;
    }
  }

  setLoopOut(time: Nanos = this.time): void {
    this.loopOut = this.clamp(time);
    if (this.loopIn !== undefined && this.loopIn >= this.loopOut) {
      this.loopIn = undefined;
    }
  }

  setViewRange(range: ViewRange): void {
    const t0 = Math.max(this.start, range.t0);
    const t1 = Math.min(this.end, range.t1);
    if (t1 > t0) {
      this.viewRangeIsDefault = false;
      this.viewRange = { t0, t1 };
    }
  }

  // ---- clock ----

  protected willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('layout')) {
      this.layout = normalizeLayout(this.layout);
    }
    if ((changed.has('duration') || changed.has('start')) && (this.viewRangeIsDefault || this.viewRange.t1 <= this.viewRange.t0)) {
      this.viewRange = { t0: this.start, t1: this.end };
    }
    if (changed.has('duration') || changed.has('start')) {
      this.time = this.clamp(this.time);
    }
  }

  protected updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('playing')) {
      if (this.playing && !this.frameRequest) {
        this.lastTick = undefined;
        this.frameRequest = requestAnimationFrame((now) => this.tick(now));
      }
      this.dispatchEvent(new CustomEvent('ts-playing-changed', { detail: { playing: this.playing } }));
    }
    if (changed.has('layout')) {
      this.applyLayout();
    }
    if (changed.has('time') || changed.has('playing') || changed.has('viewRange') || changed.has('speed')
      || changed.has('layout')) {
      this.pushToViews();
    }
  }

  private tick(now: number): void {
    this.frameRequest = 0;
    if (!this.playing) {
      return;
    }
    if (this.lastTick !== undefined && !this.scrubbing) {
      // Cap a frame's advance: after a background tab or a debugger pause the clock must not leap ahead.
      const elapsedMs = Math.min(now - this.lastTick, 250);
      let next = this.time + elapsedMs * 1e6 * this.speed;
      if (this.loopActive() && next >= this.loopOut!) {
        next = this.loopIn! + ((next - this.loopIn!) % (this.loopOut! - this.loopIn!));
      } else if (next >= this.end) {
        next = this.end;
        this.playing = false;
      }
      this.time = Math.round(next);
      this.followPlayhead();
    }
    this.lastTick = now;
    if (this.playing) {
      this.frameRequest = requestAnimationFrame((t) => this.tick(t));
    }
  }

  /**
   * While playing zoomed in, the shared range turns a page when the playhead leaves it, so the signals and label
   * tracks keep showing where the clock is (the signal view has already fetched the next page ahead).
   */
  private followPlayhead(): void {
    const { t0, t1 } = this.viewRange;
    const span = t1 - t0;
    if (span <= 0 || span >= this.end - this.start || (this.time >= t0 && this.time <= t1)) {
      return;
    }
    const from = Math.max(this.start, Math.min(this.end - span, this.time - span * 0.02));
    this.setViewRange({ t0: from, t1: from + span });
  }

  private loopActive(): boolean {
    return this.loop && this.loopIn !== undefined && this.loopOut !== undefined && this.loopOut > this.loopIn;
  }

  private clamp(time: Nanos): Nanos {
    return Math.min(this.end, Math.max(this.start, time));
  }

  // ---- views ----

  private onSlotChange(): void {
    const slots = [...(this.renderRoot as ShadowRoot).querySelectorAll('slot')];
    this.views = slots.flatMap((slot) => slot.assignedElements());
    if (this.stepSource && !this.views.includes(this.stepSource)) {
      this.stepSource = undefined;
    }
    this.viewList = this.views.filter((v) => v.hasAttribute('data-view')).map((element) => ({
      key: element.getAttribute('data-view')!,
      label: element.getAttribute('data-view-label') ?? element.getAttribute('data-view')!,
      element,
    }));
    this.applyLayout();
    this.pushToViews();
    this.stepSourceName = this.currentStepSource()?.getAttribute('name') ?? '';
  }

  /** Views the member has hidden keep their state but are not shown and not driven by the clock. */
  private isShown(view: Element): boolean {
    return !view.hasAttribute('ts-hidden');
  }

  private pushToViews(): void {
    for (const view of this.views) {
      if (!this.isShown(view)) continue;
      const target = view as unknown as Record<string, unknown>;
      if ('time' in view) target.time = this.time;
      if ('playing' in view) target.playing = this.playing;
      if ('viewRange' in view) target.viewRange = this.viewRange;
      if ('playbackSpeed' in view) target.playbackSpeed = this.speed;
      if ('lanes' in view) target.lanes = this.layout.trackLanes;
    }
  }

  // ---- layout ----

  private applyLayout(): void {
    const hidden = new Set(this.layout.hidden);
    for (const view of this.views) {
      const key = view.getAttribute('data-view');
      view.toggleAttribute('ts-hidden', key !== null && hidden.has(key));
    }
    if (this.stepSource && !this.isShown(this.stepSource)) {
      this.stepSource = undefined;
      this.stepSourceName = this.currentStepSource()?.getAttribute('name') ?? '';
    }
  }

  /** Changes the layout as the member asked and sends it to the server (debounced). */
  updateLayout(change: Partial<PlayerLayout>): void {
    this.layout = normalizeLayout({ ...this.layout, ...change });
    clearTimeout(this.layoutSaveTimer);
    this.layoutSaveTimer = setTimeout(() => {
      this.dispatchEvent(new CustomEvent('ts-layout-changed', { detail: this.layout }));
    }, LAYOUT_SAVE_DELAY_MS);
  }

  setViewShown(key: string, shown: boolean): void {
    const hidden = this.layout.hidden.filter((k) => k !== key);
    this.updateLayout({ hidden: shown ? hidden : [...hidden, key] });
  }

  private regionShown(slotName: string | null): boolean {
    return this.views.some((v) => (v.getAttribute('slot') ?? null) === slotName && this.isShown(v));
  }

  private splitterDrag: { top: number; height: number } | undefined;

  private onSplitterDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    const stage = (this.renderRoot as ShadowRoot).querySelector('.stage')!.getBoundingClientRect();
    this.splitterDrag = { top: stage.top, height: Math.max(1, stage.height) };
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    e.preventDefault();
  }

  private onSplitterMove(e: PointerEvent): void {
    if (this.splitterDrag) {
      this.updateLayout({ split: (e.clientY - this.splitterDrag.top) / this.splitterDrag.height });
    }
  }

  private onSplitterUp(): void {
    this.splitterDrag = undefined;
  }

  private onSplitterKey(e: KeyboardEvent): void {
    const delta = e.key === 'ArrowUp' ? -0.05 : e.key === 'ArrowDown' ? 0.05 : 0;
    if (delta) {
      this.updateLayout({ split: this.layout.split + delta });
      e.preventDefault();
      e.stopPropagation();
    }
  }

  // ---- labels ----

  private labelTimes(): Nanos[] {
    return this.views.filter((v) => typeof (v as unknown as LabelSource).labelTimes === 'function')
      .flatMap((v) => (v as unknown as LabelSource).labelTimes())
      .filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  }

  /** Jumps to the next (or previous) label boundary of any track; stays put when there is none. */
  jumpToLabel(direction: 1 | -1): void {
    this.pause();
    const times = this.labelTimes();
    // Half a microsecond of slack: a boundary the clock already sits on counts as passed.
    const target = direction > 0 ? times.find((t) => t > this.time + 500)
      : [...times].reverse().find((t) => t < this.time - 500);
    if (target !== undefined) {
      this.seek(target);
    }
  }

  private isStepper(element: Element): boolean {
    return typeof (element as unknown as FrameStepper).frameStep === 'function';
  }

  private currentStepSource(): (Element & FrameStepper) | undefined {
    if (this.stepSource) {
      return this.stepSource;
    }
    // A view that failed to load cannot show its steps, so a working one is preferred by default.
    const shown = this.views.filter((v) => this.isShown(v));
    const working = shown.filter((v) => this.isStepper(v) && v.getAttribute('status') !== 'error');
    const preferred = working.find((v) => v.hasAttribute('step-source')) ?? working[0]
      ?? shown.find((v) => this.isStepper(v));
    return preferred as (Element & FrameStepper) | undefined;
  }

  chooseStepSource(view: Element & FrameStepper): void {
    this.stepSource = view;
    for (const v of this.views) {
      v.toggleAttribute('step-source', v === view);
    }
    this.stepSourceName = view.getAttribute('name') ?? '';
  }

  // ---- keyboard ----

  private onKey(e: KeyboardEvent): void {
    const target = e.composedPath()[0];
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || e.ctrlKey || e.metaKey || e.altKey) {
      return;
    }
    let handled = true;
    switch (e.key) {
      case ' ': this.togglePlay(); break;
      case 'ArrowRight':
        if (e.shiftKey) { this.pause(); this.seek(this.time + SECOND); } else { this.stepFrame(1); }
        break;
      case 'ArrowLeft':
        if (e.shiftKey) { this.pause(); this.seek(this.time - SECOND); } else { this.stepFrame(-1); }
        break;
      case 'Home': this.pause(); this.seek(this.start); break;
      case 'End': this.pause(); this.seek(this.end); break;
      case 'PageDown': this.jumpToLabel(1); break;
      case 'PageUp': this.jumpToLabel(-1); break;
      case '[': this.setLoopIn(); break;
      case ']': this.setLoopOut(); break;
      case 'l': case 'L': this.loop = !this.loop; break;
      case '+': case '=': this.changeSpeed(1); break;
      case '-': case '_': this.changeSpeed(-1); break;
      case '?': this.showShortcuts = !this.showShortcuts; break;
      case 'Escape':
        handled = this.showShortcuts || this.menuOpen;
        this.showShortcuts = false;
        this.menuOpen = false;
        break;
      default: handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  }

  private changeSpeed(direction: 1 | -1): void {
    const index = SPEEDS.findIndex((s) => s >= this.speed - 1e-9);
    const current = index < 0 ? SPEEDS.length - 1 : index;
    const onLadder = Math.abs(SPEEDS[current] - this.speed) < 1e-9;
    const next = direction > 0 ? (onLadder ? current + 1 : current) : current - 1;
    this.setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, next))]);
  }

  // ---- time axis ----

  private axisTime(e: PointerEvent): Nanos {
    const axis = e.currentTarget as HTMLElement;
    const box = axis.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (e.clientX - box.left) / Math.max(1, box.width)));
    return this.viewRange.t0 + fraction * (this.viewRange.t1 - this.viewRange.t0);
  }

  private onAxisDown(e: PointerEvent): void {
    if (e.button !== 0) {
      return;
    }
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    this.scrubbing = true;
    this.seek(this.axisTime(e));
  }

  private onAxisMove(e: PointerEvent): void {
    if (this.scrubbing) {
      this.seek(this.axisTime(e));
    }
  }

  private onAxisUp(e: PointerEvent): void {
    if (this.scrubbing) {
      this.scrubbing = false;
      this.seek(this.axisTime(e));
    }
  }

  /** Wheel zooms the shared range around the pointer; Shift+wheel pans it. */
  private onAxisWheel(e: WheelEvent): void {
    e.preventDefault();
    const { t0, t1 } = this.viewRange;
    const span = t1 - t0;
    if (e.shiftKey) {
      const shift = Math.sign(e.deltaY || e.deltaX) * span * 0.1;
      const clamped = Math.min(this.end - t1, Math.max(this.start - t0, shift));
      this.setViewRange({ t0: t0 + clamped, t1: t1 + clamped });
      return;
    }
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const anchor = t0 + ((e.clientX - box.left) / Math.max(1, box.width)) * span;
    const factor = e.deltaY > 0 ? 1.25 : 0.8;
    const newSpan = Math.min(this.end - this.start, Math.max(1e6, span * factor));
    const n0 = anchor - (anchor - t0) * (newSpan / span);
    this.setViewRange({ t0: Math.max(this.start, n0), t1: Math.min(this.end, Math.max(this.start, n0) + newSpan) });
  }

  private ticks(): Nanos[] {
    const { t0, t1 } = this.viewRange;
    const span = Math.max(1, t1 - t0);
    const steps = [1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8, 2e8, 5e8, 1e9, 2e9, 5e9, 1e10, 3e10, 6e10, 1.2e11, 3e11, 6e11];
    const step = steps.find((s) => span / s <= 10) ?? 6e11 * Math.ceil(span / 6e12);
    const first = Math.ceil(t0 / step) * step;
    const ticks: Nanos[] = [];
    for (let t = first; t <= t1; t += step) {
      ticks.push(t);
    }
    return ticks;
  }

  private position(time: Nanos): string {
    const { t0, t1 } = this.viewRange;
    return `${(100 * (time - t0)) / Math.max(1, t1 - t0)}%`;
  }

  private renderStage() {
    const tiles = this.regionShown(null);
    const wide = this.regionShown('wide');
    const split = tiles && wide ? this.layout.split : tiles ? 1 : 0;
    const columns = this.layout.columns > 0 ? `grid-template-columns: repeat(${this.layout.columns}, minmax(0, 1fr))` : '';
    return html`<div class="stage">
      <div class="views tiles" id="tiles" part="views" ?hidden=${!tiles} style="flex: ${split} 1 0; ${columns}">
        <slot @slotchange=${this.onSlotChange}></slot></div>
      <div class="splitter" id="splitter" role="separator" aria-orientation="horizontal" tabindex="0"
        aria-valuenow=${Math.round(this.layout.split * 100)} aria-valuemin="15" aria-valuemax="85"
        title="Drag to share the height between the views above and below (↑/↓ when focused)"
        ?hidden=${!(tiles && wide)} @pointerdown=${this.onSplitterDown} @pointermove=${this.onSplitterMove}
        @pointerup=${this.onSplitterUp} @pointercancel=${this.onSplitterUp} @keydown=${this.onSplitterKey}></div>
      <div class="views wide" id="wide" part="wide-views" ?hidden=${!wide} style="flex: ${1 - split} 1 0">
        <slot name="wide" @slotchange=${this.onSlotChange}></slot></div>
    </div>`;
  }

  private renderMenu() {
    const hidden = new Set(this.layout.hidden);
    return html`<div class="menu" id="views-menu" role="dialog" aria-label="Views and layout">
      <h4>Show</h4>
      ${this.viewList.map((v) => html`<label><input type="checkbox" data-view=${v.key} .checked=${!hidden.has(v.key)}
        @change=${(e: Event) => this.setViewShown(v.key, (e.target as HTMLInputElement).checked)}> ${v.label}</label>`)}
      <h4>Layout</h4>
      <label>Columns <select id="columns" @change=${(e: Event) => this.updateLayout({ columns: Number((e.target as HTMLSelectElement).value) })}>
        ${[0, 1, 2, 3, 4, 5, 6].map((c) => html`<option value=${c} ?selected=${this.layout.columns === c}>${c === 0 ? 'automatic' : c}</option>`)}
      </select></label>
      <label>Label lanes <select id="track-lanes" @change=${(e: Event) => this.updateLayout({ trackLanes: Number((e.target as HTMLSelectElement).value) })}>
        ${[1, 2, 3, 4, 6, 8, 12].map((n) => html`<option value=${n} ?selected=${this.layout.trackLanes === n}>${n}</option>`)}
      </select></label>
      <button id="layout-reset" @click=${() => this.updateLayout(DEFAULT_LAYOUT)}>Reset layout</button>
    </div>`;
  }

  protected render() {
    const loopStart = this.loopIn ?? this.start;
    const loopEnd = this.loopOut ?? this.end;
    const hasLoopRange = this.loopIn !== undefined || this.loopOut !== undefined;
    return html`
      ${this.renderStage()}
      <div class="bar" part="controls">
        <button id="to-start" title="Start (Home)" @click=${() => { this.pause(); this.seek(this.start); }}>|◀◀</button>
        <button id="step-back" title="Previous frame (←)" @click=${() => this.stepFrame(-1)}>◀|</button>
        <button id="play" title="Play / pause (Space)" aria-pressed=${this.playing ? 'true' : 'false'}
          @click=${() => this.togglePlay()}>${this.playing ? '⏸' : '▶'}</button>
        <button id="step-forward" title="Next frame (→)" @click=${() => this.stepFrame(1)}>|▶</button>
        <button id="to-end" title="End (End)" @click=${() => { this.pause(); this.seek(this.end); }}>▶▶|</button>
        <span id="readout" class="readout">${formatTime(this.time - this.start)} / ${formatTime(this.duration)}</span>
        <button id="slower" title="Slower (-)" @click=${() => this.changeSpeed(-1)}>−</button>
        <span id="speed" class="speed">${formatSpeed(this.speed)}</span>
        <button id="faster" title="Faster (+)" @click=${() => this.changeSpeed(1)}>+</button>
        <button id="loop" title="Loop in/out range (L; set with [ and ])" aria-pressed=${this.loop ? 'true' : 'false'}
          @click=${() => { this.loop = !this.loop; }}>⟲ ${hasLoopRange
            ? `${formatTime(loopStart - this.start)}–${formatTime(loopEnd - this.start)}` : 'loop'}</button>
        <button id="prev-label" title="Previous label (Page Up)" @click=${() => this.jumpToLabel(-1)}>⇤ label</button>
        <button id="next-label" title="Next label (Page Down)" @click=${() => this.jumpToLabel(1)}>label ⇥</button>
        <button id="views-toggle" title="Choose views and layout" aria-expanded=${this.menuOpen ? 'true' : 'false'}
          @click=${() => { this.menuOpen = !this.menuOpen; }}>Views ▾</button>
        <span class="hint">${this.stepSourceName ? html`steps: <b id="step-source">${this.stepSourceName}</b> · ` : nothing}
          <a href="javascript:void 0" id="shortcuts-toggle" @click=${() => { this.showShortcuts = !this.showShortcuts; }}>? shortcuts</a></span>
      </div>
      <div class="axis" id="axis" part="axis" @pointerdown=${this.onAxisDown} @pointermove=${this.onAxisMove}
        @pointerup=${this.onAxisUp} @pointercancel=${this.onAxisUp} @wheel=${this.onAxisWheel}>
        ${hasLoopRange ? html`<div class="loop ${this.loop ? 'on' : ''}" style="left:${this.position(loopStart)};
          width:calc(${this.position(loopEnd)} - ${this.position(loopStart)})"></div>` : nothing}
        ${this.ticks().map((t) => html`<div class="tick" style="left:${this.position(t)}"><span>${formatTime(t - this.start)}</span></div>`)}
        <div class="playhead" id="playhead" style="left:${this.position(this.time)}"></div>
      </div>
      <slot name="tracks" @slotchange=${this.onSlotChange}></slot>
      ${this.menuOpen ? this.renderMenu() : nothing}
      ${this.showShortcuts ? html`
        <div class="overlay" id="shortcuts" role="dialog" aria-label="Keyboard shortcuts">
          <b>Keyboard shortcuts</b>
          <table>${SHORTCUTS.map(([keys, action]) => html`<tr><td><kbd>${keys}</kbd></td><td>${action}</td></tr>`)}</table>
        </div>` : nothing}
    `;
  }
}

function normalizeLayout(layout: Partial<PlayerLayout> | undefined): PlayerLayout {
  const l = layout ?? {};
  const number = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
  return {
    hidden: Array.isArray(l.hidden) ? [...new Set(l.hidden.filter((k) => typeof k === 'string'))] : [],
    split: Math.min(MAX_SPLIT, Math.max(MIN_SPLIT, number(l.split, DEFAULT_LAYOUT.split))),
    columns: Math.min(6, Math.max(0, Math.round(number(l.columns, 0)))),
    trackLanes: Math.min(12, Math.max(1, Math.round(number(l.trackLanes, DEFAULT_LAYOUT.trackLanes)))),
  };
}

export function formatTime(nanos: Nanos): string {
  const negative = nanos < 0;
  const ms = Math.round(Math.abs(nanos) / 1e6);
  const minutes = Math.floor(ms / 60000);
  const seconds = ((ms % 60000) / 1000).toFixed(3).padStart(6, '0');
  return `${negative ? '-' : ''}${minutes}:${seconds}`;
}

function formatSpeed(speed: number): string {
  return `${Number(speed.toFixed(2))}x`;
}

if (!customElements.get('ts-player')) {
  customElements.define('ts-player', TsPlayer);
}

declare global {
  interface HTMLElementTagNameMap {
    'ts-player': TsPlayer;
  }
}
