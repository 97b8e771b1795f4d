import { LitElement, css, html, nothing } from 'lit';
import type { Nanos, ViewRange } from './ts-player.js';

/**
 * A labelled span of the episode clock (a phase), half-open [start, end). `id` makes it selectable. `proposed`: a
 * proposal not accepted yet, drawn hatched with a dashed outline; `title`: the tooltip (else the label).
 */
export interface TrackSegment {
  start: Nanos; end: Nanos; label: string; color?: string; id?: string; selected?: boolean; proposed?: boolean;
  title?: string;
  /** on a lane of several rows (overlapping gaps), the row it is drawn in, from 0 at the top */
  row?: number;
}
/** A labelled instant (an event); `proposed` and `title` as for a segment (a dashed tick). */
export interface TrackEvent {
  time: Nanos; label: string; color?: string; id?: string; selected?: boolean; proposed?: boolean; title?: string;
}
/** A span of the episode that explains a proposal (its evidence), shaded behind the lane's labels. */
export interface TrackEvidence { start: Nanos; end: Nanos; note: string; }
/** One lane: a phase track, an event track, or one annotator's version of either. */
export interface LabelTrack {
  id: string;
  name: string;
  segments?: TrackSegment[];
  events?: TrackEvent[];
  /** segment boundaries can be dragged (the labeling workspace) */
  editable?: boolean;
  /** a phase start marked but not yet ended: drawn from here to the playhead */
  marker?: Nanos;
  /** the lane the workspace's keys act on */
  active?: boolean;
  /** the selected proposal's evidence, when it lies on this lane */
  evidence?: TrackEvidence[];
  /** rows of segments that overlap in time (a gap lane); 1 when absent, as for phases */
  rows?: number;
}

/** Height of one row on a lane of several rows, in pixels. */
export const ROW_PX = 16;

/** The inline geometry of a lane of `rows` rows and of a segment in row `row` of it; empty for one row. */
export function rowGeometry(rows: number | undefined, row: number | undefined): { lane: string; segment: string } {
  if (!rows || rows <= 1) return { lane: '', segment: '' };
  const r = Math.min(Math.max(0, row ?? 0), rows - 1);
  return { lane: `height:${6 + rows * ROW_PX}px;`,
    segment: `top:${3 + r * ROW_PX}px;bottom:auto;height:${ROW_PX - 2}px;line-height:${ROW_PX - 2}px;` };
}

/** Pixels around a boundary that grab it. */
const EDGE_GRAB_PX = 5;

const DEFAULT_COLOR = '#5b7bd5';

/**
 * The label-track area under the player's time axis. It follows the view contract (the player sets `time` and
 * `viewRange`, so the lanes share the axis zoom) and draws each track as a lane of segments and event ticks. It
 * only displays: the labeling workspace fills `tracks` and adds editing on top. Clicking a lane seeks; the wheel
 * zooms like the axis. `labelTimes()` gives the player the boundaries for "jump to next / previous label".
 */
export class TsLabelTracks extends LitElement {
  static properties = {
    tracks: { attribute: false },
    time: { type: Number },
    viewRange: { attribute: false },
    lanes: { type: Number, reflect: true },
    drag: { state: true },
  };

  declare tracks: LabelTrack[];
  declare time: Nanos;
  declare viewRange: ViewRange;
  /** Visible lane count; more tracks scroll. Set by the player's layout. */
  declare lanes: number;
  /** Where a dragged boundary would land (snapped); the workspace gets it on release as `ts-label-boundary`. */
  declare drag: { id: string; edge: 'start' | 'end'; time: Nanos } | undefined;
  /** Snaps a time to a frame of the step camera; set by the workspace. */
  snap: (time: Nanos) => Nanos = (time) => time;

  constructor() {
    super();
    this.tracks = [];
    this.time = 0;
    this.viewRange = { t0: 0, t1: 1 };
    this.lanes = 3;
  }

  static styles = css`
    :host { display: block; margin: 0 6px 4px; font-size: 11px; --lane: 22px; }
    .area { position: relative; overflow-y: auto; max-height: calc(var(--lane) * var(--lanes, 3) + 2px);
      border: 1px solid var(--lumo-contrast-10pct, #ddd); border-radius: 3px; }
    .lane { position: relative; height: var(--lane); border-bottom: 1px solid var(--lumo-contrast-5pct, #eee);
      overflow: hidden; cursor: pointer; }
    .lane:last-child { border-bottom: none; }
    .name { position: absolute; left: 3px; top: 3px; z-index: 2; pointer-events: none; padding: 0 3px;
      background: rgba(255, 255, 255, 0.75); border-radius: 2px; color: var(--lumo-secondary-text-color, #555); }
    .segment { position: absolute; top: 3px; bottom: 3px; border-radius: 2px; color: #fff; overflow: hidden;
      white-space: nowrap; text-overflow: ellipsis; padding-left: 3px; line-height: 16px; opacity: 0.85; }
    .event { position: absolute; top: 0; bottom: 0; width: 2px; margin-left: -1px; }
    .playhead { position: absolute; top: 0; bottom: 0; width: 2px; margin-left: -1px; z-index: 3;
      background: var(--lumo-error-color, #d22); pointer-events: none; }
    .segment.selected, .event.selected { outline: 2px solid var(--lumo-primary-color, #1676f3); outline-offset: 1px;
      opacity: 1; z-index: 1; }
    .event { cursor: pointer; }
    .event::after { content: ''; position: absolute; left: -4px; right: -4px; top: 0; bottom: 0; }
    .lane.editable .segment { cursor: pointer; }
    .lane.editable .segment.near-edge { cursor: ew-resize; }
    .lane.active { background: var(--lumo-primary-color-10pct, #eef4ff); }
    .marker { position: absolute; top: 2px; bottom: 2px; border: 2px dashed var(--lumo-primary-color, #1676f3);
      border-radius: 2px; pointer-events: none; }
    .drag-line { position: absolute; top: 0; bottom: 0; width: 2px; margin-left: -1px; z-index: 4;
      background: var(--lumo-primary-color, #1676f3); pointer-events: none; }
    .segment.proposed { color: #222; opacity: 0.9; border: 1px dashed #333; box-sizing: border-box;
      text-shadow: 0 0 2px #fff, 0 0 2px #fff; font-style: italic; }
    .event.proposed { width: 4px; margin-left: -2px; opacity: 0.9; }
    .evidence { position: absolute; top: 0; bottom: 0; min-width: 2px; background: rgba(224, 168, 0, 0.25);
      border-left: 1px solid #c98a00; border-right: 1px solid #c98a00; box-sizing: border-box; }
    .empty { height: var(--lane); line-height: var(--lane); padding-left: 6px; position: relative;
      color: var(--lumo-tertiary-text-color, #999); font-style: italic; }
  `;

  /** Every label boundary (segment starts and ends, events), sorted and without duplicates. */
  labelTimes(): Nanos[] {
    const times = new Set<Nanos>();
    for (const track of this.tracks ?? []) {
      for (const s of track.segments ?? []) { times.add(s.start); times.add(s.end); }
      for (const e of track.events ?? []) { times.add(e.time); }
    }
    return [...times].filter(Number.isFinite).sort((a, b) => a - b);
  }

  /** The segment as it looks while one of its boundaries is dragged. */
  private withDrag(s: TrackSegment): TrackSegment {
    if (!this.drag || this.drag.id !== s.id) return s;
    return this.drag.edge === 'start' ? { ...s, start: Math.min(this.drag.time, s.end) }
      : { ...s, end: Math.max(this.drag.time, s.start) };
  }

  private left(time: Nanos): number {
    const { t0, t1 } = this.viewRange;
    return (100 * (time - t0)) / Math.max(1, t1 - t0);
  }

  private visible(start: Nanos, end: Nanos): boolean {
    return end >= this.viewRange.t0 && start <= this.viewRange.t1;
  }

  private laneTime(e: MouseEvent): Nanos {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (e.clientX - box.left) / Math.max(1, box.width)));
    return this.viewRange.t0 + fraction * (this.viewRange.t1 - this.viewRange.t0);
  }

  private onItemClick(e: MouseEvent, id: string | undefined): void {
    if (!id || this.dragged) return;
    e.stopPropagation();
    this.dispatchEvent(new CustomEvent('ts-label-select', { bubbles: true, composed: true, detail: { id } }));
  }

  /** The boundary of an editable segment under the pointer, if within grabbing distance. */
  private edgeAt(e: PointerEvent, track: LabelTrack): { id: string; edge: 'start' | 'end' } | undefined {
    if (!track.editable) return undefined;
    const lane = e.currentTarget as HTMLElement;
    const box = lane.getBoundingClientRect();
    const { t0, t1 } = this.viewRange;
    const px = (time: Nanos) => box.left + ((time - t0) / Math.max(1, t1 - t0)) * box.width;
    let best: { id: string; edge: 'start' | 'end'; distance: number } | undefined;
    // On a lane of rows (overlapping gaps) only the row under the pointer is grabbed.
    const row = (track.rows ?? 1) > 1 ? Math.floor((e.clientY - box.top - 3) / ROW_PX) : undefined;
    for (const s of track.segments ?? []) {
      if (!s.id || (row !== undefined && (s.row ?? 0) !== row)) continue;
      for (const edge of ['start', 'end'] as const) {
        const distance = Math.abs(px(s[edge]) - e.clientX);
        if (distance <= EDGE_GRAB_PX && (!best || distance < best.distance)) best = { id: s.id, edge, distance };
      }
    }
    return best && { id: best.id, edge: best.edge };
  }

  private dragged = false;

  private onLanePointerDown(e: PointerEvent, track: LabelTrack): void {
    const edge = this.edgeAt(e, track);
    if (!edge || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    const lane = e.currentTarget as HTMLElement;
    lane.setPointerCapture(e.pointerId);
    this.dragged = false;
    this.drag = { ...edge, time: this.snap(this.laneTime(e)) };
  }

  private onLanePointerMove(e: PointerEvent, track: LabelTrack): void {
    if (this.drag) {
      this.dragged = true;
      this.drag = { ...this.drag, time: this.snap(this.laneTime(e)) };
      return;
    }
    const lane = e.currentTarget as HTMLElement;
    const near = this.edgeAt(e, track);
    lane.querySelectorAll('.segment').forEach((el) => el.classList.toggle('near-edge',
      !!near && (el as HTMLElement).dataset.id === near.id));
  }

  private onLanePointerUp(e: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = undefined;
    if (this.dragged) {
      e.stopPropagation();
      this.dispatchEvent(new CustomEvent('ts-label-boundary', { bubbles: true, composed: true, detail: drag }));
      // The click that follows a drag must not select or seek.
      setTimeout(() => { this.dragged = false; }, 0);
    }
  }

  private onLaneClick(e: MouseEvent): void {
    if (this.dragged) return;
    this.dispatchEvent(new CustomEvent('ts-seek', { bubbles: true, composed: true,
      detail: { time: this.laneTime(e) } }));
  }

  private onWheel(e: WheelEvent): void {
    if (e.shiftKey || Math.abs(e.deltaY) < Math.abs(e.deltaX)) {
      return; // Shift+wheel scrolls the lanes natively when there are more tracks than visible lanes
    }
    e.preventDefault();
    const { t0, t1 } = this.viewRange;
    const span = t1 - t0;
    const anchor = this.laneTime(e);
    const newSpan = Math.max(1e6, span * (e.deltaY > 0 ? 1.25 : 0.8));
    const n0 = anchor - (anchor - t0) * (newSpan / span);
    this.dispatchEvent(new CustomEvent('ts-view-range', { bubbles: true, composed: true,
      detail: { t0: n0, t1: n0 + newSpan } }));
  }

  protected render() {
    const playhead = this.time >= this.viewRange.t0 && this.time <= this.viewRange.t1
      ? html`<div class="playhead" style="left:${this.left(this.time)}%"></div>` : nothing;
    const tracks = this.tracks ?? [];
    return html`<div class="area" part="area" style="--lanes:${Math.max(1, this.lanes)}" @wheel=${this.onWheel}>
      ${tracks.length === 0 ? html`<div class="empty" id="no-tracks" @click=${this.onLaneClick}>Label tracks
        (none yet: they appear when the episode has labels)${playhead}</div>` : nothing}
      ${tracks.map((track) => html`
        <div class="lane ${track.editable ? 'editable' : ''} ${track.active ? 'active' : ''}" data-track=${track.id}
          data-rows=${track.rows ?? 1} style=${rowGeometry(track.rows, 0).lane}
          @click=${this.onLaneClick} @pointerdown=${(e: PointerEvent) => this.onLanePointerDown(e, track)}
          @pointermove=${(e: PointerEvent) => this.onLanePointerMove(e, track)} @pointerup=${this.onLanePointerUp}
          @pointercancel=${this.onLanePointerUp}>
          <span class="name">${track.name}</span>
          ${(track.evidence ?? []).filter((ev) => this.visible(ev.start, ev.end)).map((ev) => html`
            <div class="evidence" title=${ev.note} data-note=${ev.note}
              style="left:${this.left(ev.start)}%;width:${this.left(ev.end) - this.left(ev.start)}%"></div>`)}
          ${(track.segments ?? []).map((s) => this.withDrag(s)).filter((s) => this.visible(s.start, s.end)).map((s) => html`
            <div class="segment ${s.selected ? 'selected' : ''} ${s.proposed ? 'proposed' : ''}" data-label=${s.label}
              data-id=${s.id ?? nothing} data-proposed=${s.proposed ? 'true' : nothing}
              data-row=${s.row ?? nothing}
              title="${s.title ?? s.label}" @click=${(e: MouseEvent) => this.onItemClick(e, s.id)}
              style="${rowGeometry(track.rows, s.row).segment}left:${this.left(s.start)}%;width:${this.left(s.end) - this.left(s.start)}%;background:${s.proposed
                ? hatched(s.color ?? DEFAULT_COLOR) : s.color ?? DEFAULT_COLOR}"
              >${s.label}</div>`)}
          ${(track.events ?? []).filter((ev) => this.visible(ev.time, ev.time)).map((ev) => html`
            <div class="event ${ev.selected ? 'selected' : ''} ${ev.proposed ? 'proposed' : ''}" data-label=${ev.label}
              data-id=${ev.id ?? nothing} data-proposed=${ev.proposed ? 'true' : nothing}
              title="${ev.title ?? ev.label}" @click=${(e: MouseEvent) => this.onItemClick(e, ev.id)}
              style="left:${this.left(ev.time)}%;background:${ev.proposed
                ? `repeating-linear-gradient(to bottom, ${ev.color ?? DEFAULT_COLOR} 0 4px, transparent 4px 7px)`
                : ev.color ?? DEFAULT_COLOR}"></div>`)}
          ${track.marker !== undefined ? html`<div class="marker" style="left:${this.left(Math.min(track.marker, this.time))}%;width:${Math.abs(this.left(this.time) - this.left(track.marker))}%"></div>` : nothing}
          ${this.drag && track.segments?.some((s) => s.id === this.drag!.id) ? html`<div class="drag-line" style="left:${this.left(this.drag.time)}%"></div>` : nothing}
          ${playhead}
        </div>`)}
    </div>`;
  }
}

/** A proposal's fill: its class colour in stripes over white, so it reads as "not yet a label". */
function hatched(color: string): string {
  return `repeating-linear-gradient(135deg, ${color} 0 6px, rgba(255, 255, 255, 0.85) 6px 10px)`;
}

if (!customElements.get('ts-label-tracks')) {
  customElements.define('ts-label-tracks', TsLabelTracks);
}

declare global {
  interface HTMLElementTagNameMap {
    'ts-label-tracks': TsLabelTracks;
  }
}
