import { css, html, nothing, ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import {
  boxAt, BoxTrackLabel, classOf, colorOf, Label, LabelStore, Nanos, SpatialLabeling,
} from '../labels/label-model';
import {
  BoxRect, hasKeyframeAt, ImageBounds, moveBox, newBox, nextTrackId, setBoxAt,
} from '../labels/spatial-edit';

/** What the box editor needs of its camera view. */
export interface BoxCamera extends ReactiveControllerHost, HTMLElement {
  labeling: SpatialLabeling | undefined;
  /** the stream name: boxes whose `stream` equals it are drawn */
  name: string;
  time: Nanos;
  frameSize(): { width: number; height: number } | undefined;
}

/**
 * Height in CSS pixels of the camera view's caption bar (name and frame number) under the picture. The picture
 * fills the view above it: a caption over the picture covered what the camera itself shows there, such as a frame
 * number burned into the top-left corner.
 */
export const CAPTION_PX = 20;

/** Where the picture sits in the view (object-fit: contain): CSS pixels, and CSS pixels per image pixel. */
interface Fit { left: number; top: number; scale: number; width: number; height: number; }

type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
const HANDLES: Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

interface Drag {
  mode: 'create' | 'move' | 'resize';
  pointerId: number;
  /** client coordinates where the pointer went down */
  startX: number;
  startY: number;
  /** the label dragged (move, resize) */
  label?: BoxTrackLabel;
  handle?: Handle;
  /** id of the box under the pointer at the start (a click selects it) */
  hit?: string;
  /** true once the pointer moved far enough to be a drag rather than a click */
  moved: boolean;
  /** the label as it would be stored if the pointer were released now */
  result?: BoxTrackLabel;
  description: string;
}

/** Movement in CSS pixels below which a press and release is a click. */
const CLICK_SLOP = 3;

/**
 * The box editor of a camera view: draws the `box2d` labels of the view's stream over the picture (in image pixels
 * of the video's intrinsic size) and edits them with the mouse. Every completed drag is one `store.edit`. It never
 * handles keys: the workspace does, with the same functions (spatial-edit.ts).
 */
export class CameraBoxes implements ReactiveController {
  private store?: LabelStore;
  private drag?: Drag;
  private readonly onStoreEvent = () => this.host.requestUpdate();
  private resizeObserver?: ResizeObserver;

  constructor(private readonly host: BoxCamera) {
    host.addController(this);
  }

  hostConnected(): void {
    this.resizeObserver = new ResizeObserver(() => {
      if (this.host.labeling) this.host.requestUpdate();
    });
    this.resizeObserver.observe(this.host);
    this.attach(this.host.labeling?.store);
  }

  hostDisconnected(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.attach(undefined);
    this.drag = undefined;
  }

  hostUpdate(): void {
    if (this.store !== this.host.labeling?.store) {
      this.attach(this.host.labeling?.store);
    }
  }

  /** Listens to the store's changes and selection (one store at a time). */
  private attach(store: LabelStore | undefined): void {
    if (this.store === store) return;
    this.store?.removeEventListener('change', this.onStoreEvent);
    this.store?.removeEventListener('select', this.onStoreEvent);
    this.store = store;
    this.drag = undefined;
    store?.addEventListener('change', this.onStoreEvent);
    store?.addEventListener('select', this.onStoreEvent);
  }

  /** The picture's place in the view, or undefined while the video's size is unknown. */
  fit(): Fit | undefined {
    const size = this.host.frameSize();
    const cw = this.host.clientWidth;
    const ch = this.host.clientHeight - CAPTION_PX;
    if (!size || cw <= 0 || ch <= 0) return undefined;
    const scale = Math.min(cw / size.width, ch / size.height);
    const width = size.width * scale;
    const height = size.height * scale;
    return { left: (cw - width) / 2, top: (ch - height) / 2, scale, width, height };
  }

  private bounds(): ImageBounds | undefined {
    return this.host.frameSize();
  }

  /** The clock as a keyframe time: inside the episode. */
  private keyTime(): Nanos {
    const duration = this.store?.durationNanos ?? Infinity;
    return Math.min(Math.max(0, Math.round(this.host.time || 0)), duration);
  }

  private boxLabels(): BoxTrackLabel[] {
    const name = this.host.name;
    return (this.store?.labels() ?? []).filter((l: Label): l is BoxTrackLabel => l.kind === 'box2d'
      && l.stream === name);
  }

  render(): TemplateResult | typeof nothing {
    const store = this.store;
    const fit = this.fit();
    if (!store || !fit) return nothing;
    const time = this.keyTime();
    const drag = this.drag;
    const shown = this.boxLabels().map((l) => (drag?.result && drag.result.id === l.id ? drag.result : l));
    if (drag?.result && drag.mode === 'create') shown.push(drag.result);
    // The selected box last, so it is on top of the others and its handles can be reached.
    const selected = drag?.result?.id ?? store.selected;
    shown.sort((a, b) => Number(a.id === selected) - Number(b.id === selected));
    const active = this.host.labeling?.activeDefinition('box2d');
    return html`<div class="boxes ${active ? 'can-draw' : ''}" part="boxes" data-boxes=${shown.length}
      style="left:${fit.left}px;top:${fit.top}px;width:${fit.width}px;height:${fit.height}px"
      @pointerdown=${this.onPointerDown} @pointermove=${this.onPointerMove} @pointerup=${this.onPointerUp}
      @pointercancel=${this.onPointerCancel} @lostpointercapture=${this.onPointerCancel}>
      ${shown.map((label) => this.renderBox(store, label, time, fit, label.id === selected))}
    </div>`;
  }

  private renderBox(store: LabelStore, label: BoxTrackLabel, time: Nanos, fit: Fit, selected: boolean) {
    const k = boxAt(label.keyframes, time);
    if (!k) return nothing;
    const colour = colorOf(store.schema, label.definition, label.classKey);
    const name = classOf(store.schema, label.definition, label.classKey)?.name ?? label.classKey;
    const keyframe = hasKeyframeAt(label, time);
    const top = k.y * fit.scale;
    return html`<div class="box ${keyframe ? 'key' : 'between'} ${selected ? 'selected' : ''}"
      data-id=${label.id} data-track=${label.trackId} data-keyframe=${String(keyframe)}
      data-selected=${String(selected)}
      style="left:${k.x * fit.scale}px;top:${top}px;width:${k.width * fit.scale}px;height:${k.height * fit.scale}px;--c:${colour}">
      <span class="caption ${top < 16 ? 'inside' : ''}">${name} #${label.trackId}</span>
      ${selected ? HANDLES.map((h) => html`<div class="handle ${h}" data-handle=${h}></div>`) : nothing}
    </div>`;
  }

  // ---- mouse ----

  /** Image pixel under a client point (not clamped: the edit functions clamp). */
  private imagePoint(overlay: Element, clientX: number, clientY: number): { x: number; y: number } | undefined {
    const size = this.bounds();
    if (!size) return undefined;
    const r = overlay.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return undefined;
    return { x: (clientX - r.left) / r.width * size.width, y: (clientY - r.top) / r.height * size.height };
  }

  private onPointerDown = (e: PointerEvent) => {
    const store = this.store;
    if (!store || e.button !== 0 || this.drag) return;
    const overlay = e.currentTarget as HTMLElement;
    const target = e.target as Element;
    const handle = target.closest('[data-handle]')?.getAttribute('data-handle') as Handle | null;
    const id = target.closest('.box')?.getAttribute('data-id') ?? undefined;
    const label = id ? store.get(id) : undefined;
    const base = { pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, moved: false, hit: id };
    if (label?.kind === 'box2d' && handle) {
      this.drag = { ...base, mode: 'resize', label, handle, description: 'Resize box' };
    } else if (label?.kind === 'box2d') {
      this.drag = { ...base, mode: 'move', label, description: 'Move box' };
    } else {
      this.drag = { ...base, mode: 'create', description: 'Draw box' };
    }
    overlay.setPointerCapture(e.pointerId);
  };

  private onPointerMove = (e: PointerEvent) => {
    const drag = this.drag;
    if (!drag || e.pointerId !== drag.pointerId) return;
    if (!drag.moved && Math.hypot(e.clientX - drag.startX, e.clientY - drag.startY) < CLICK_SLOP) return;
    drag.moved = true;
    drag.result = this.dragResult(drag, e.currentTarget as Element, e.clientX, e.clientY);
    this.host.requestUpdate();
  };

  private onPointerUp = (e: PointerEvent) => {
    const drag = this.drag;
    const store = this.store;
    if (!drag || e.pointerId !== drag.pointerId || !store) return;
    this.drag = undefined;
    if (!drag.moved) {
      store.select(drag.hit ?? null);
      this.host.requestUpdate();
      return;
    }
    const result = this.dragResult(drag, e.currentTarget as Element, e.clientX, e.clientY);
    if (result) {
      store.edit(drag.description, [result]);
      store.select(result.id);
    }
    this.host.requestUpdate();
  };

  private onPointerCancel = (e: PointerEvent) => {
    if (this.drag && e.pointerId === this.drag.pointerId && e.type === 'pointercancel') {
      this.drag = undefined;
      this.host.requestUpdate();
    }
  };

  /** The label a drag ending at this client point makes, or undefined when it makes nothing. */
  private dragResult(drag: Drag, overlay: Element, clientX: number, clientY: number): BoxTrackLabel | undefined {
    const store = this.store;
    const bounds = this.bounds();
    const start = this.imagePoint(overlay, drag.startX, drag.startY);
    const end = this.imagePoint(overlay, clientX, clientY);
    if (!store || !bounds || !start || !end) return undefined;
    const time = this.keyTime();
    const dx = end.x - start.x;
    const dy = end.y - start.y;
    if (drag.mode === 'create') {
      const active = this.host.labeling?.activeDefinition('box2d');
      if (!active) return undefined;
      // One id for the whole drag, so the preview and the stored box are the same label.
      const id = drag.result?.id;
      const rect: BoxRect = { x: start.x, y: start.y, width: dx, height: dy };
      const trackId = drag.result?.trackId
        ?? nextTrackId(store.labels(), 'box2d', this.host.name, active.definition);
      const made = newBox(active.definition, active.classKey, trackId, this.host.name, time, rect, bounds);
      return id ? { ...made, id } : made;
    }
    const label = drag.label!;
    if (drag.mode === 'move') {
      return moveBox(label, time, dx, dy, bounds);
    }
    const at = boxAt(label.keyframes, time)!;
    let left = at.x;
    let top = at.y;
    let right = at.x + at.width;
    let bottom = at.y + at.height;
    const h = drag.handle!;
    if (h.includes('w')) left += dx;
    if (h.includes('e')) right += dx;
    if (h.startsWith('n')) top += dy;
    if (h.startsWith('s')) bottom += dy;
    // Dragged past the opposite edge: the box turns over instead of getting a negative size.
    return setBoxAt(label, time, { x: Math.min(left, right), y: Math.min(top, bottom),
      width: Math.abs(right - left), height: Math.abs(bottom - top) }, bounds);
  }
}

export const cameraBoxStyles = css`
  .boxes { position: absolute; z-index: 1; touch-action: none; user-select: none; -webkit-user-select: none; }
  .boxes.can-draw { cursor: crosshair; }
  .box { position: absolute; box-sizing: border-box; outline: 2px solid var(--c); outline-offset: -1px;
    cursor: move; }
  .box.between { outline-style: dashed; }
  .box.selected { outline-width: 3px; background: color-mix(in srgb, var(--c) 18%, transparent); }
  .caption { position: absolute; left: -1px; bottom: 100%; padding: 0 4px; font-size: 11px; line-height: 15px;
    white-space: nowrap; color: #fff; background: var(--c); pointer-events: none;
    text-shadow: 0 0 2px rgba(0, 0, 0, 0.7); }
  .caption.inside { bottom: auto; top: 0; }
  .handle { position: absolute; width: 8px; height: 8px; margin: -4px 0 0 -4px; box-sizing: border-box;
    background: #fff; border: 1px solid var(--c); }
  .handle.nw, .handle.n, .handle.ne { top: 0; }
  .handle.w, .handle.e { top: 50%; }
  .handle.sw, .handle.s, .handle.se { top: 100%; }
  .handle.nw, .handle.w, .handle.sw { left: 0; }
  .handle.n, .handle.s { left: 50%; }
  .handle.ne, .handle.e, .handle.se { left: 100%; }
  .handle.nw, .handle.se { cursor: nwse-resize; }
  .handle.ne, .handle.sw { cursor: nesw-resize; }
  .handle.n, .handle.s { cursor: ns-resize; }
  .handle.e, .handle.w { cursor: ew-resize; }
`;
