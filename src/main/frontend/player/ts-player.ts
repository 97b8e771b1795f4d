import { LitElement, css, html, nothing } from 'lit';

/** Episode time in nanoseconds. A JS number is exact up to 2^53 ns (about 104 days), far beyond any episode. */
export type Nanos = number;
export interface ViewRange { t0: Nanos; t1: Nanos; }

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

  private frameRequest = 0;
  private lastTick: number | undefined;
  private views: Element[] = [];
  private stepSource: (Element & FrameStepper) | undefined;
  private scrubbing = false;
  private viewRangeIsDefault = true;

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
    .views { flex: 1; min-height: 0; display: grid; gap: 4px; padding: 4px;
      grid-template-columns: repeat(auto-fit, minmax(var(--ts-player-view-min-width, 280px), 1fr));
      grid-auto-rows: minmax(160px, 1fr); }
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
    if (changed.has('time') || changed.has('playing') || changed.has('viewRange') || changed.has('speed')) {
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
    }
    this.lastTick = now;
    if (this.playing) {
      this.frameRequest = requestAnimationFrame((t) => this.tick(t));
    }
  }

  private loopActive(): boolean {
    return this.loop && this.loopIn !== undefined && this.loopOut !== undefined && this.loopOut > this.loopIn;
  }

  private clamp(time: Nanos): Nanos {
    return Math.min(this.end, Math.max(this.start, time));
  }

  // ---- views ----

  private onSlotChange(e: Event): void {
    this.views = (e.target as HTMLSlotElement).assignedElements();
    if (this.stepSource && !this.views.includes(this.stepSource)) {
      this.stepSource = undefined;
    }
    this.pushToViews();
    this.stepSourceName = this.currentStepSource()?.getAttribute('name') ?? '';
  }

  private pushToViews(): void {
    for (const view of this.views) {
      const target = view as unknown as Record<string, unknown>;
      if ('time' in view) target.time = this.time;
      if ('playing' in view) target.playing = this.playing;
      if ('viewRange' in view) target.viewRange = this.viewRange;
      if ('playbackSpeed' in view) target.playbackSpeed = this.speed;
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
    const working = this.views.filter((v) => this.isStepper(v) && v.getAttribute('status') !== 'error');
    const preferred = working.find((v) => v.hasAttribute('step-source')) ?? working[0]
      ?? this.views.find((v) => this.isStepper(v));
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
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || e.ctrlKey || e.metaKey || e.altKey) {
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
      case '[': this.setLoopIn(); break;
      case ']': this.setLoopOut(); break;
      case 'l': case 'L': this.loop = !this.loop; break;
      case '+': case '=': this.changeSpeed(1); break;
      case '-': case '_': this.changeSpeed(-1); break;
      case '?': this.showShortcuts = !this.showShortcuts; break;
      case 'Escape':
        handled = this.showShortcuts;
        this.showShortcuts = false;
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

  protected render() {
    const loopStart = this.loopIn ?? this.start;
    const loopEnd = this.loopOut ?? this.end;
    const hasLoopRange = this.loopIn !== undefined || this.loopOut !== undefined;
    return html`
      <div class="views" part="views"><slot @slotchange=${this.onSlotChange}></slot></div>
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
      ${this.showShortcuts ? html`
        <div class="overlay" id="shortcuts" role="dialog" aria-label="Keyboard shortcuts">
          <b>Keyboard shortcuts</b>
          <table>${SHORTCUTS.map(([keys, action]) => html`<tr><td><kbd>${keys}</kbd></td><td>${action}</td></tr>`)}</table>
        </div>` : nothing}
    `;
  }
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
