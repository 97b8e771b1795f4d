import { LitElement, css, html, nothing, unsafeCSS } from 'lit';
import type { FrameStepper, Nanos, ViewRange } from './ts-player';
import type { SpatialLabeling } from '../labels/label-model';
import { CAPTION_PX, CameraBoxes, cameraBoxStyles } from './camera-boxes';

/** Parsed TSFI frame index (docs/formats/media-api.md): per-frame timestamps on the stream's stored clock. */
export interface FrameIndex {
  /** ns, strictly increasing, before the stream offset */
  timestamps: Float64Array;
  /** seconds of media time of each frame: the stored MP4 starts its first frame at 0 */
  mediaTimes: Float64Array;
  /** the media time to seek to for each frame: halfway to the next frame, capped (see docs/player.md) */
  midpoints: Float64Array;
}

export function parseFrameIndex(buffer: ArrayBuffer): FrameIndex {
  const view = new DataView(buffer);
  if (buffer.byteLength < 16 || String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2),
    view.getUint8(3)) !== 'TSFI') {
    throw new Error('the frame index is not a TSFI file');
  }
  const version = view.getUint16(4, true);
  if (version !== 1) {
    throw new Error(`frame index version ${version} is not supported`);
  }
  const count = view.getUint32(8, true);
  if (count === 0) {
    throw new Error('the stream has no frames');
  }
  if (buffer.byteLength < 16 + 24 * count) {
    throw new Error(`the frame index is truncated (${count} frames announced, ${buffer.byteLength} bytes)`);
  }
  const timestamps = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    timestamps[i] = Number(view.getBigInt64(16 + 24 * i, true));
  }
  const mediaTimes = timestamps.map((t) => (t - timestamps[0]) / 1e9);
  // Halfway to the next frame, but never more than half a typical frame past the start: Chromium ends a frame at
  // its stored sample duration, which after a hole in a variable-rate stream can be far shorter than the hole.
  const halfMedian = medianInterval(mediaTimes) / 2;
  const midpoints = new Float64Array(count);
  for (let i = 0; i + 1 < count; i++) {
    midpoints[i] = mediaTimes[i] + Math.min((mediaTimes[i + 1] - mediaTimes[i]) / 2, halfMedian);
  }
  midpoints[count - 1] = mediaTimes[count - 1] + halfMedian;
  return { timestamps, mediaTimes, midpoints };
}

function medianInterval(mediaTimes: Float64Array): number {
  if (mediaTimes.length < 2) {
    return 1 / 30;
  }
  const intervals = Array.from(mediaTimes.subarray(1), (t, i) => t - mediaTimes[i]).sort((a, b) => a - b);
  return intervals[Math.floor(intervals.length / 2)];
}

/** Index of the last element <= value, or -1 when every element is larger. */
export function lastAtOrBefore(values: Float64Array, value: number): number {
  let lo = 0;
  let hi = values.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Nearest frame to a media time reported by the decoder, which rounds to the container's timescale. */
function nearest(values: Float64Array, value: number): number {
  const i = lastAtOrBefore(values, value);
  if (i < 0) return 0;
  if (i + 1 < values.length && values[i + 1] - value < value - values[i]) return i + 1;
  return i;
}

type Status = 'loading' | 'ready' | 'error';

/**
 * One camera, frame-exact on the player's clock. For clock time t it shows the frame whose timestamp is the last
 * <= t - offset. Paused, it seeks the video to that frame's midpoint (a seek to a frame's exact start lands on the
 * previous frame for some codecs); playing, it lets the video run at the clock's speed and checks every presented
 * frame (requestVideoFrameCallback's mediaTime) against the clock, re-seeking when they drift apart.
 * `data-frame` is the frame on screen, `data-expected-frame` the one the clock asks for.
 *
 * With `labeling` set (by the labeling workspace) it also draws and edits the `box2d` labels of its stream over the
 * picture (camera-boxes.ts); without it, it only shows the camera.
 */
export class TsCameraView extends LitElement implements FrameStepper {
  static properties = {
    streamId: { type: String, attribute: 'stream-id' },
    name: { type: String, reflect: true },
    offset: { type: Number },
    mediaBaseUrl: { type: String, attribute: 'media-base-url' },
    time: { type: Number },
    playing: { type: Boolean },
    viewRange: { attribute: false },
    playbackSpeed: { type: Number },
    status: { type: String, reflect: true },
    errorText: { state: true },
    presented: { state: true },
    labeling: { attribute: false },
  };

  declare streamId: string;
  declare name: string;
  declare offset: Nanos;
  declare mediaBaseUrl: string;
  declare time: Nanos;
  declare playing: boolean;
  declare viewRange: ViewRange | undefined;
  declare playbackSpeed: number;
  declare status: Status;
  declare errorText: string;
  declare presented: number;
  /** The workspace's store and active definitions; when set, boxes of this stream are drawn and edited. */
  declare labeling: SpatialLabeling | undefined;

  private index: FrameIndex | undefined;
  private videoReady = false;
  private requestedFrame = -1;
  /** where the last paused seek aimed, and how often it was corrected for the frame now requested */
  private seekTarget = 0;
  private corrections = 0;
  private lastCorrection = 0;
  private frameCallback = 0;
  private loadGeneration = 0;
  private readonly boxes = new CameraBoxes(this);

  constructor() {
    super();
    this.streamId = '';
    this.name = '';
    this.offset = 0;
    this.mediaBaseUrl = '/media/v1';
    this.time = 0;
    this.playing = false;
    this.viewRange = undefined;
    this.playbackSpeed = 1;
    this.status = 'loading';
    this.errorText = '';
    this.presented = -1;
    this.labeling = undefined;
  }

  static styles = [css`
    :host { display: block; position: relative; min-width: 0; min-height: 0; background: #111; color: #eee;
      overflow: hidden; border-radius: 3px; }
    :host([step-source]) { box-shadow: inset 0 0 0 2px var(--lumo-primary-color, #36f); }
    /* The picture sits above a caption bar, so the name never covers what the camera shows (camera-boxes.ts). */
    video { position: absolute; left: 0; top: 0; width: 100%; height: calc(100% - ${unsafeCSS(CAPTION_PX)}px);
      object-fit: contain; }
    .label { position: absolute; left: 0; right: 0; bottom: 0; height: ${unsafeCSS(CAPTION_PX)}px; box-sizing: border-box;
      padding: 0 6px; line-height: ${unsafeCSS(CAPTION_PX)}px; font-size: 12px; background: #23262b; white-space: nowrap;
      overflow: hidden; text-overflow: ellipsis; font-variant-numeric: tabular-nums; z-index: 1; pointer-events: none; }
    .state { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
      text-align: center; padding: 1em; z-index: 2; }
    .loading { color: #bbb; }
    .error { background: #3a1111; color: #ffb4b4; }
  `, cameraBoxStyles];

  private get video(): HTMLVideoElement | null {
    return this.renderRoot?.querySelector('video') ?? null;
  }

  // ---- FrameStepper ----

  frameStep(time: Nanos, direction: 1 | -1): Nanos | undefined {
    if (!this.index) return undefined;
    const raw = lastAtOrBefore(this.index.timestamps, time - this.offset);
    const next = raw < 0 ? (direction > 0 ? 0 : -1) : raw + direction;
    if (next < 0 || next >= this.index.timestamps.length) return undefined;
    return this.index.timestamps[next] + this.offset;
  }

  /** The frame the clock asks for at `time` (the first frame while the clock is before it). */
  frameAt(time: Nanos): number {
    if (!this.index) return -1;
    return Math.max(0, lastAtOrBefore(this.index.timestamps, time - this.offset));
  }

  get frameCount(): number {
    return this.index?.timestamps.length ?? 0;
  }

  /** The video's intrinsic size (the pixels box labels are measured in), once the video's metadata is loaded. */
  frameSize(): { width: number; height: number } | undefined {
    const video = this.video;
    return video && video.videoWidth > 0 && video.videoHeight > 0
      ? { width: video.videoWidth, height: video.videoHeight } : undefined;
  }

  // ---- loading ----

  protected willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('streamId') || changed.has('mediaBaseUrl')) {
      this.load();
    }
  }

  private load(): void {
    const generation = ++this.loadGeneration;
    this.index = undefined;
    this.videoReady = false;
    this.requestedFrame = -1;
    this.presented = -1;
    this.errorText = '';
    this.status = 'loading';
    if (!this.streamId) return;
    fetch(this.streamUrl('frames'), { credentials: 'same-origin' })
      .then(async (response) => {
        if (!response.ok) {
          throw new Error(`the frame index could not be loaded (HTTP ${response.status}${await briefBody(response)})`);
        }
        return parseFrameIndex(await response.arrayBuffer());
      })
      .then((index) => {
        if (generation !== this.loadGeneration) return;
        this.index = index;
        this.settle();
      })
      .catch((error: unknown) => {
        if (generation !== this.loadGeneration) return;
        this.fail(error instanceof Error ? error.message : String(error));
      });
  }

  private streamUrl(resource: string): string {
    return `${this.mediaBaseUrl.replace(/\/$/, '')}/streams/${encodeURIComponent(this.streamId)}/${resource}`;
  }

  private fail(message: string): void {
    this.status = 'error';
    this.errorText = message;
    const video = this.video;
    if (video && !video.paused) video.pause();
  }

  private settle(): void {
    if (this.status !== 'error' && this.index && this.videoReady) {
      this.status = 'ready';
      this.sync();
    }
  }

  private onLoadedData(): void {
    this.videoReady = true;
    this.settle();
  }

  private onLoadedMetadata(): void {
    // The picture's size is known now: the box overlay can be placed.
    if (this.labeling) this.requestUpdate();
  }

  private onVideoError(): void {
    const error = this.video?.error;
    const kind = error ? ({ 1: 'loading was aborted', 2: 'a network error', 3: 'the video cannot be decoded',
      4: 'the video format is not supported or the file is broken' } as Record<number, string>)[error.code] : '';
    this.fail(`The video cannot be played: ${kind || 'unknown error'}${error?.message ? ` (${error.message})` : ''}`);
  }

  // ---- following the clock ----

  protected updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('status')) {
      this.dispatchEvent(new CustomEvent('ts-view-status', { bubbles: true, composed: true,
        detail: { status: this.status } }));
    }
    if (changed.has('time') || changed.has('playing') || changed.has('playbackSpeed') || changed.has('offset')) {
      this.sync();
    }
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    const video = this.video;
    if (video && this.frameCallback) video.cancelVideoFrameCallback(this.frameCallback);
    this.frameCallback = 0;
  }

  private sync(): void {
    const video = this.video;
    if (this.status !== 'ready' || !video || !this.index) return;
    const expected = this.frameAt(this.time);
    this.dataset.expectedFrame = String(expected);
    this.watchFrames(video);
    if (this.playing && this.insideStream(this.time)) {
      const rate = Math.min(16, Math.max(0.0625, this.playbackSpeed || 1));
      if (video.playbackRate !== rate) video.playbackRate = rate;
      if (video.paused) {
        this.requestedFrame = -1;
        video.currentTime = this.clockMediaTime();
        video.play().catch((error: unknown) => {
          // A pause racing the play() promise is normal; anything else is shown.
          if (!(error instanceof DOMException && error.name === 'AbortError')) {
            this.fail(`The video cannot be played: ${String(error)}`);
          }
        });
      }
      return;
    }
    if (!video.paused) {
      video.pause();
      this.requestedFrame = -1;
    }
    if (this.requestedFrame !== expected) {
      this.requestedFrame = expected;
      this.corrections = 0;
      this.seekTarget = this.index.midpoints[expected];
      video.currentTime = this.seekTarget;
    }
  }

  /**
   * Paused, the frame on screen must be the requested one. Should a seek land on a neighbour anyway (a container
   * whose sample durations disagree with the index), aim again inside the requested frame's interval: closer to its
   * start when the next frame came up, closer to the next frame when the previous one did.
   */
  private correctPausedFrame(video: HTMLVideoElement): void {
    const index = this.index;
    const expected = this.requestedFrame;
    if (!index || this.playing || video.seeking || expected < 0 || this.presented < 0
      || this.presented === expected || this.corrections >= 6) {
      return;
    }
    this.corrections++;
    const start = index.mediaTimes[expected];
    const next = expected + 1 < index.mediaTimes.length ? index.mediaTimes[expected + 1]
      : index.midpoints[expected] + (index.midpoints[expected] - start);
    this.seekTarget = this.presented > expected
      ? start + (this.seekTarget - start) / 4
      : this.seekTarget + (next - this.seekTarget) / 2;
    video.currentTime = this.seekTarget;
  }

  private onSeeked(): void {
    const video = this.video;
    if (!video) return;
    // A seek that lands on the frame already on screen presents nothing new, so no frame callback reports it.
    setTimeout(() => this.correctPausedFrame(video), 60);
  }

  private insideStream(time: Nanos): boolean {
    const ts = this.index!.timestamps;
    const t = time - this.offset;
    return t >= ts[0] && t < ts[ts.length - 1];
  }

  private clockMediaTime(): number {
    const ts = this.index!.timestamps;
    return (this.time - this.offset - ts[0]) / 1e9;
  }

  private watchFrames(video: HTMLVideoElement): void {
    if (!this.frameCallback) {
      this.frameCallback = video.requestVideoFrameCallback((_now, metadata) => this.onFrame(video, metadata));
    }
  }

  private onFrame(video: HTMLVideoElement, metadata: VideoFrameCallbackMetadata): void {
    this.frameCallback = 0;
    if (!this.index || video !== this.video) return;
    const frame = nearest(this.index.mediaTimes, metadata.mediaTime);
    this.presented = frame;
    this.dataset.frame = String(frame);
    if (this.playing && !video.paused) {
      const expected = this.frameAt(this.time);
      this.dataset.expectedFrame = String(expected);
      // The video's own clock is steered toward the player's: small drift by rate, large drift by a re-seek.
      const drift = metadata.mediaTime - this.clockMediaTime();
      const speed = Math.min(16, Math.max(0.0625, this.playbackSpeed || 1));
      const now = performance.now();
      if (Math.abs(frame - expected) > 1 && Math.abs(drift) > 0.1 && now - this.lastCorrection > 400) {
        this.lastCorrection = now;
        video.currentTime = Math.max(0, this.clockMediaTime());
      } else {
        video.playbackRate = Math.min(16, Math.max(0.0625, speed * (1 - Math.max(-0.1, Math.min(0.1, drift)))));
      }
    } else if (!this.playing) {
      this.correctPausedFrame(video);
    }
    this.watchFrames(video);
  }

  protected render() {
    const count = this.frameCount;
    return html`
      <video muted playsinline preload="auto" disablepictureinpicture
        src=${this.streamId ? this.streamUrl('video') : nothing}
        @loadeddata=${this.onLoadedData} @seeked=${this.onSeeked} @error=${this.onVideoError}
        @loadedmetadata=${this.onLoadedMetadata}></video>
      ${this.labeling ? this.boxes.render() : nothing}
      <div class="label" part="label"><span class="name">${this.name}</span>${this.presented >= 0
        ? html` · frame <span class="frame-number">${this.presented + 1}</span>/${count}` : nothing}</div>
      ${this.status === 'loading' ? html`<div class="state loading" part="loading">Loading ${this.name}…</div>` : nothing}
      ${this.status === 'error' ? html`<div class="state error" part="error" role="alert">
          <div><b>${this.name || 'Camera'}</b><br>${this.errorText}</div></div>` : nothing}
    `;
  }
}

async function briefBody(response: Response): Promise<string> {
  try {
    const text = (await response.text()).trim();
    return text ? `: ${text.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}

if (!customElements.get('ts-camera-view')) {
  customElements.define('ts-camera-view', TsCameraView);
}

declare global {
  interface HTMLElementTagNameMap {
    'ts-camera-view': TsCameraView;
  }
}
