import { html, LitElement, PropertyValues } from 'lit';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { lastAtOrBefore } from './signal-fetch';
import {
  ascii, fetchBytes, formatNumber, FrameTimes, InFlight, isAbort, loadFrame, parseFrameTimes, RAMP_STOPS, WeightedLru,
} from './frame-pack';
import { decodeDepthFrame, DepthFrame, DepthStreamInfo } from './depth-view';
import './frame-view-styles';
import type { SpatialLabeling } from '../labels/label-model';
import { CloudCuboids } from './cloud-cuboids';

export interface CloudStreamInfo {
  id: string; name: string; offsetNanos: number; frames?: number; maxPoints?: number; intensity?: boolean;
  rgb?: boolean;
}

/** One decoded TSPC frame: typed-array views onto the response bytes (no copy, no per-point objects). */
export interface CloudFrame {
  index: number;
  timestamp: number;
  count: number;
  xyz: Float32Array;
  intensity: Float32Array | null;
  rgb: Uint8Array | null;
  /** minX, minY, minZ, maxX, maxY, maxZ from the header */
  bounds: Float32Array;
}

export type ColourMode = 'height' | 'intensity' | 'rgb';

/** Frames read ahead of the playhead while playing. */
const PREFETCH_FRAMES = 3;
/** Bound of the decoded-frame cache: about 16 bytes a point, so ~130 MB at most. */
const CACHE_POINTS = 8_000_000;
const CACHE_FRAMES = 12;

/** TSPC v1 (docs/formats/pointcloud-frame.md), read in place. */
export function decodeCloudFrame(buffer: ArrayBuffer, index: number): CloudFrame {
  if (buffer.byteLength < 48) {
    throw new Error(`frame ${index} is truncated (${buffer.byteLength} bytes)`);
  }
  const view = new DataView(buffer);
  if (ascii(view, 0) !== 'TSPC') {
    throw new Error(`frame ${index} is not a TSPC point cloud`);
  }
  const version = view.getUint16(4, true);
  const flags = view.getUint16(6, true);
  if (version !== 1 || (flags & ~3) !== 0) {
    throw new Error(`frame ${index}: TSPC version ${version} with flags ${flags} is not supported`);
  }
  const count = view.getUint32(8, true);
  let offset = view.getUint32(12, true);
  const need = offset + 12 * count + (flags & 1 ? 4 * count : 0) + (flags & 2 ? 3 * count : 0);
  if (offset % 4 !== 0 || buffer.byteLength < need) {
    throw new Error(`frame ${index} is truncated (${count} points announced, ${buffer.byteLength} bytes)`);
  }
  const timestamp = Number(view.getBigInt64(16, true));
  const bounds = new Float32Array(buffer.slice(24, 48));
  const xyz = new Float32Array(buffer, offset, 3 * count);
  offset += 12 * count;
  let intensity: Float32Array | null = null;
  if (flags & 1) {
    intensity = new Float32Array(buffer, offset, count);
    offset += 4 * count;
  }
  const rgb = flags & 2 ? new Uint8Array(buffer, offset, 3 * count) : null;
  return { index, timestamp, count, xyz, intensity, rgb, bounds };
}

/**
 * Depth pixels to points with the pinhole intrinsics (camera frame: x right, y down, z forward), turned into the
 * z-up frame the cloud view orbits in (x forward, y left, z up). Pixels without depth (0) are left out.
 */
export function unproject(frame: DepthFrame, stream: DepthStreamInfo): CloudFrame {
  const { fx, fy, cx, cy } = stream;
  if (!(fx > 0) || !(fy > 0)) {
    throw new Error('the depth stream has no intrinsics (fx, fy), so it cannot be shown as points');
  }
  const scale = stream.metersPerUnit || 0.001;
  const { width, depth } = frame;
  let count = 0;
  for (let p = 0; p < depth.length; p++) {
    if (depth[p] !== 0) count++;
  }
  const xyz = new Float32Array(3 * count);
  const b = new Float32Array([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]);
  let o = 0;
  for (let p = 0; p < depth.length; p++) {
    const v = depth[p];
    if (v === 0) continue;
    const z = v * scale;
    const u = p % width;
    const r = (p - u) / width;
    const X = z;
    const Y = -((u - cx) * z) / fx;
    const Z = -((r - cy) * z) / fy;
    xyz[o++] = X;
    xyz[o++] = Y;
    xyz[o++] = Z;
    if (X < b[0]) b[0] = X;
    if (Y < b[1]) b[1] = Y;
    if (Z < b[2]) b[2] = Z;
    if (X > b[3]) b[3] = X;
    if (Y > b[4]) b[4] = Y;
    if (Z > b[5]) b[5] = Z;
  }
  if (count === 0) b.fill(0);
  return { index: frame.index, timestamp: frame.timestamp, count, xyz, intensity: null, rgb: null, bounds: b };
}

const VERTEX_SHADER = `
uniform float pointSize;
uniform int mode;
uniform float lo;
uniform float hi;
uniform vec3 stops[${RAMP_STOPS.length}];
attribute float intensity;
attribute vec3 rgb;
varying vec3 vColour;
void main() {
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  gl_PointSize = pointSize;
  if (mode == 2) {
    vColour = rgb;
  } else {
    float v = mode == 1 ? intensity : position.z;
    float f = clamp((v - lo) / max(hi - lo, 1e-6), 0.0, 1.0) * ${RAMP_STOPS.length - 1}.0;
    int i = int(min(floor(f), ${RAMP_STOPS.length - 2}.0));
    vColour = mix(stops[i], stops[i + 1], f - float(i));
  }
}`;

const FRAGMENT_SHADER = `
varying vec3 vColour;
void main() {
  gl_FragColor = vec4(vColour, 1.0);
}`;

/**
 * The point cloud of one stream at the player's time (the last frame at or before `time − offset`), drawn with
 * three.js. Geometry buffers are kept and refilled in place while frames fit; drawing happens only when the frame,
 * the camera, the colouring or the size changed. While playing it reads the next frames ahead into a bounded LRU and
 * aborts requests the playhead has left behind.
 *
 * With `labeling` set (by the labeling workspace) it also draws and edits the `cuboid3d` labels of its stream
 * (cloud-cuboids.ts); without it, it only shows the cloud.
 */
export class CloudView extends LitElement {
  /** The three.js of this bundle, so a benchmark can draw the same data with plain THREE.Points as the peer. */
  static readonly THREE = THREE;

  static properties = {
    stream: { attribute: false },
    depth: { attribute: false },
    mediaBase: { attribute: 'media-base' },
    time: { type: Number },
    playing: { type: Boolean },
    viewRange: { attribute: false },
    colour: { type: String },
    pointSize: { type: Number, attribute: 'point-size' },
    loading: { type: Boolean, reflect: true },
    error: { state: true },
    available: { state: true },
    legend: { state: true },
    note: { state: true },
    labeling: { attribute: false },
  };

  stream?: CloudStreamInfo;
  /** Instead of `stream`: a depth stream with intrinsics, whose frames are unprojected to points. */
  depth?: DepthStreamInfo;
  mediaBase = '/media/v1/streams';
  time = 0;
  playing = false;
  viewRange?: { t0: number; t1: number };
  /** Unset: RGB when the frames have it, else intensity, else height. */
  colour?: ColourMode;
  pointSize = 2;
  loading = false;
  error = '';
  available: ColourMode[] = ['height'];
  legend = '';
  /** Shown over an empty canvas: why there are no points. */
  note = '';
  /** The workspace's store and active definitions; when set, cuboids of this stream are drawn and edited. */
  labeling: SpatialLabeling | undefined = undefined;

  /** What is shown: the point-cloud stream, or the depth stream unprojected to points. */
  private source(): CloudStreamInfo | undefined {
    if (this.stream) {
      return this.stream;
    }
    const d = this.depth;
    return d ? { id: d.id, name: d.name, offsetNanos: d.offsetNanos, intensity: false, rgb: false } : undefined;
  }

  /** Exposed for tests and benchmarks; do not replace. */
  renderer?: THREE.WebGLRenderer;
  camera = new THREE.PerspectiveCamera(60, 1, 0.01, 1000);
  controls?: OrbitControls;

  private readonly scene = new THREE.Scene();
  private readonly material = new THREE.ShaderMaterial({
    vertexShader: VERTEX_SHADER,
    fragmentShader: FRAGMENT_SHADER,
    uniforms: {
      pointSize: { value: 2 },
      mode: { value: 0 },
      lo: { value: 0 },
      hi: { value: 1 },
      stops: { value: RAMP_STOPS.map(([r, g, b]) => new THREE.Vector3(r, g, b)) },
    },
  });
  private geometry = new THREE.BufferGeometry();
  private points = new THREE.Points(this.geometry, this.material);
  private capacity = 0;
  private filledIntensity?: CloudFrame;
  private filledRgb?: CloudFrame;
  private index?: FrameTimes;
  private indexFor?: string;
  private readonly cache = new WeightedLru<CloudFrame>(CACHE_POINTS, CACHE_FRAMES);
  private readonly inFlight = new Map<number, InFlight<CloudFrame>>();
  /** Index of the frame at the playhead; -1 before the first frame, -2 not decided yet. */
  private wanted = -2;
  private shown?: CloudFrame;
  private framed = false;
  private heightRange?: [number, number];
  private intensityRange?: [number, number];
  private renderQueued = 0;
  private renders = 0;
  private resizeObserver?: ResizeObserver;
  private generation = 0;
  private readonly cuboids = new CloudCuboids(this);

  constructor() {
    super();
    this.camera.up.set(0, 0, 1); // robot and LiDAR frames are z-up
    this.points.frustumCulled = false; // no bounding sphere pass over a million points per frame
    this.scene.add(this.points);
    this.scene.add(this.cuboids.group);
  }

  createRenderRoot() {
    return this;
  }

  render() {
    const s = this.source();
    const mode = this.mode();
    return html`
      <div class="cv-canvas"></div>
      <div class="cv-loading" ?hidden=${!this.loading}>Loading…</div>
      ${this.note && !this.error ? html`<div class="cv-note">${this.note}</div>` : ''}
      ${!s ? html`<div class="cv-error" role="alert">No point-cloud or depth stream</div>` : ''}
      ${s && this.error ? html`<div class="cv-error" role="alert">${s.name}: ${this.error}</div>` : ''}
      <div class="cv-bar">
        <label>Colour <select @change=${(e: Event) => { this.colour = (e.target as HTMLSelectElement).value as ColourMode; }}>
          ${this.available.map(m => html`<option value=${m} ?selected=${m === mode}>${m}</option>`)}
        </select></label>
        <label>Size <input type="range" min="1" max="8" step="0.5" .value=${String(this.pointSize)}
          @input=${(e: Event) => { this.pointSize = Number((e.target as HTMLInputElement).value); }}></label>
        <span class="cv-legend">${this.legend}</span>
      </div>`;
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.hasUpdated) {
      this.setUpRenderer();
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.cuboids.dispose();
    this.inFlight.forEach(f => f.controller.abort());
    this.inFlight.clear();
    this.resizeObserver?.disconnect();
    this.controls?.dispose();
    this.controls = undefined;
    this.renderer?.dispose();
    this.renderer?.domElement.remove();
    this.renderer = undefined;
  }

  protected firstUpdated() {
    this.setUpRenderer();
  }

  protected updated(changed: PropertyValues) {
    if (changed.has('error')) {
      // ts-player prefers steppers whose status is not 'error'.
      this.toggleAttribute('status', false);
      if (this.error) this.setAttribute('status', 'error');
    }
    if (changed.has('stream') || changed.has('depth') || changed.has('mediaBase')) {
      this.reset();
    } else if (changed.has('time') || changed.has('playing')) {
      this.sync();
    }
    if (changed.has('colour') || changed.has('pointSize')) {
      this.applyColouring();
    }
    if (changed.has('labeling') || changed.has('stream') || changed.has('depth') || changed.has('time')) {
      this.cuboids.attach(this.labeling?.store);
    }
  }

  /** The name of the stream shown (cuboid labels of this stream are drawn). */
  streamName(): string | undefined {
    return this.source()?.name;
  }

  /** The orbit target in label coordinates (the cloud's frame: metres, z up), e.g. where a key places a cuboid. */
  focusPoint(): [number, number, number] {
    const t = this.cuboids.focus();
    return [t.x, t.y, t.z];
  }

  /** Client coordinates of a drawn cuboid's centre (undefined when not drawn or behind the camera); for tests. */
  cuboidScreenPoint(id: string): { x: number; y: number } | undefined {
    return this.cuboids.screenPoint(id);
  }

  private setUpRenderer() {
    const box = this.querySelector('.cv-canvas') as HTMLElement | null;
    if (!box || this.renderer) {
      return;
    }
    try {
      this.renderer = new THREE.WebGLRenderer({ antialias: false, powerPreference: 'high-performance' });
    } catch (e) {
      this.error = 'WebGL is not available in this browser' + (e instanceof Error ? ` (${e.message})` : '');
      return;
    }
    this.renderer.setPixelRatio(window.devicePixelRatio || 1);
    this.renderer.setClearColor(0x111418);
    box.append(this.renderer.domElement);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.addEventListener('change', () => this.requestRender());
    this.cuboids.connect(box);
    this.cuboids.attach(this.labeling?.store);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(box);
    this.resize();
    this.applyColouring();
  }

  private resize() {
    const box = this.querySelector('.cv-canvas') as HTMLElement | null;
    if (!box || !this.renderer) {
      return;
    }
    const w = Math.max(1, box.clientWidth);
    const h = Math.max(1, box.clientHeight);
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  /**
   * The player's frame stepping (FrameStepper in ts-player.ts): the episode time of the frame one step from the one
   * shown at `time`, from the frame index; undefined before the index is loaded or past either end.
   */
  frameStep(time: number, direction: 1 | -1): number | undefined {
    const s = this.source();
    const index = this.index;
    if (!s || !index || this.indexFor !== s.id) {
      return undefined;
    }
    const next = lastAtOrBefore(index.timestamps, time - s.offsetNanos) + direction;
    return next >= 0 && next < index.timestamps.length ? index.timestamps[next] + s.offsetNanos : undefined;
  }

  private url(path: string): string {
    return `${this.mediaBase}/${encodeURIComponent(this.source()!.id)}/${path}`;
  }

  /** A new stream: forget frames, ranges and camera, then read its frame index. */
  private async reset() {
    const generation = ++this.generation;
    this.inFlight.forEach(f => f.controller.abort());
    this.inFlight.clear();
    this.cache.clear();
    this.index = undefined;
    this.shown = undefined;
    this.wanted = -2;
    this.framed = false;
    this.heightRange = undefined;
    this.intensityRange = undefined;
    this.error = '';
    this.note = '';
    this.geometry.setDrawRange(0, 0);
    this.showAttributes(undefined);
    this.requestRender();
    const s = this.source();
    if (!s) {
      return;
    }
    const available: ColourMode[] = ['height'];
    if (s.intensity) available.push('intensity');
    if (s.rgb) available.push('rgb');
    this.available = available;
    this.loading = true;
    try {
      const { buffer } = await fetchBytes(this.url('frames'));
      if (generation !== this.generation) return;
      this.index = parseFrameTimes(buffer);
      this.indexFor = s.id;
      this.sync();
    } catch (e) {
      if (generation === this.generation) {
        this.error = message(e);
        this.loading = false;
      }
    }
  }

  /** Shows the frame at the current time, fetching it unless cached, and reads ahead while playing. */
  private sync() {
    const s = this.source();
    const index = this.index;
    if (!s || !index || this.indexFor !== s.id) {
      return;
    }
    const i = lastAtOrBefore(index.timestamps, this.time - s.offsetNanos);
    if (i !== this.wanted) {
      this.wanted = i;
      this.abortStale();
      if (i < 0) {
        // Before the first frame: nothing to show, which is not an error.
        this.note = `No frame before ${formatNumber((index.timestamps[0] + s.offsetNanos) / 1e9)} s`;
        this.shown = undefined;
        this.geometry.setDrawRange(0, 0);
        this.showAttributes(undefined);
        this.requestRender();
      } else {
        const hit = this.cache.get(i);
        if (hit) {
          this.show(hit);
        } else {
          this.load(i).then(f => {
            if (f.index === this.wanted || this.isCatchUp(f.index)) this.show(f);
          }, e => {
            if (!isAbort(e) && i === this.wanted) this.error = message(e);
          }).finally(() => this.updateLoading());
        }
      }
    }
    if (this.playing && i + 1 < index.timestamps.length) {
      this.prefetch(Math.max(0, i + 1));
    }
    this.updateLoading();
  }

  /** Reads the next frames ahead, one request at a time, so the frame wanted next is the first to arrive. */
  private async prefetch(from: number) {
    const index = this.index!;
    for (let k = from; k < Math.min(index.timestamps.length, from + PREFETCH_FRAMES); k++) {
      if (this.cache.has(k)) continue;
      if (!this.playing || k <= this.wanted || k > this.wanted + PREFETCH_FRAMES) return;
      if (this.inFlight.size > 1) return; // the wanted frame and one read-ahead at most
      try {
        await this.load(k);
      } catch {
        return; // the frame reports its own error when it is wanted
      }
    }
  }

  private load(i: number): Promise<CloudFrame> {
    const generation = this.generation;
    // The frame's own timestamp selects exactly that frame (last frame at or before t).
    const depth = this.stream ? undefined : this.depth;
    const url = this.url(`${depth ? 'depth' : 'cloud'}?t=${this.index!.timestamps[i]}`);
    const promise = loadFrame(i, url, this.inFlight,
      async buffer => depth ? unproject(await decodeDepthFrame(buffer, i), depth) : decodeCloudFrame(buffer, i),
      frame => {
        if (generation === this.generation) this.cache.put(i, frame, Math.max(1, frame.count));
      });
    this.updateLoading();
    return promise;
  }

  /** Aborts requests for frames that are neither wanted nor within the read-ahead window of a playing view. */
  private abortStale() {
    // While playing, the newest request between the frame on screen and the playhead is kept too: when frames load
    // slower than they play, the view then still advances (a little behind) instead of aborting every frame.
    const shown = this.shown?.index ?? -1;
    let catchUp = -1;
    if (this.playing) {
      for (const k of this.inFlight.keys()) {
        if (k > shown && k < this.wanted) catchUp = Math.max(catchUp, k);
      }
    }
    for (const [k, f] of this.inFlight) {
      const ahead = this.playing && k > this.wanted && k <= this.wanted + PREFETCH_FRAMES;
      if (k !== this.wanted && k !== catchUp && !ahead) {
        f.controller.abort();
        this.inFlight.delete(k);
      }
    }
  }

  /** Playing and behind: a frame older than the playhead but newer than the one on screen is better than none. */
  private isCatchUp(k: number): boolean {
    return this.playing && k < this.wanted && k > (this.shown?.index ?? -1) && !this.cache.has(this.wanted);
  }

  private updateLoading() {
    this.loading = this.source() !== undefined && (this.index === undefined && !this.error
      || (this.wanted >= 0 && this.inFlight.has(this.wanted)));
  }

  /** Puts a frame into the geometry: refills the existing buffers when it fits, grows them (by 25 %) when not. */
  private show(frame: CloudFrame) {
    if (this.shown === frame) {
      return;
    }
    this.error = '';
    const n = frame.count;
    this.note = n === 0 ? 'This frame has no points' : '';
    const wantIntensity = frame.intensity !== null;
    const wantRgb = frame.rgb !== null;
    const g = this.geometry;
    const grow = n > this.capacity
      || wantIntensity !== (g.getAttribute('intensity') !== undefined)
      || wantRgb !== (g.getAttribute('rgb') !== undefined);
    if (grow) {
      const capacity = Math.max(n > this.capacity ? Math.ceil(n * 1.25) : this.capacity, 1);
      g.dispose();
      const next = new THREE.BufferGeometry();
      next.setAttribute('position', new THREE.BufferAttribute(new Float32Array(3 * capacity), 3)
        .setUsage(THREE.DynamicDrawUsage));
      if (wantIntensity) {
        next.setAttribute('intensity', new THREE.BufferAttribute(new Float32Array(capacity), 1)
          .setUsage(THREE.DynamicDrawUsage));
      }
      if (wantRgb) {
        next.setAttribute('rgb', new THREE.BufferAttribute(new Uint8Array(3 * capacity), 3, true)
          .setUsage(THREE.DynamicDrawUsage));
      }
      this.geometry = next;
      this.points.geometry = next;
      this.capacity = capacity;
      this.filledIntensity = undefined;
      this.filledRgb = undefined;
    }
    fill(this.geometry.getAttribute('position') as THREE.BufferAttribute, frame.xyz, grow);
    // Intensity and colour are uploaded only while the colouring uses them (applyColouring).
    this.geometry.setDrawRange(0, n);
    this.shown = frame;

    const available: ColourMode[] = ['height'];
    if (frame.intensity || this.source()?.intensity) available.push('intensity');
    if (frame.rgb || this.source()?.rgb) available.push('rgb');
    if (available.join() !== this.available.join()) this.available = available;
    if (!this.heightRange && n > 0) {
      // Fixed for the stream from the first frame shown, so a colour means the same height in every frame.
      const b = frame.bounds;
      this.heightRange = [b[2], b[5] > b[2] ? b[5] : b[2] + 1];
    }
    if (!this.intensityRange && frame.intensity && n > 0) {
      this.intensityRange = percentiles(frame.intensity);
    }
    if (!this.framed && n > 0) {
      this.frameCamera(coreBounds(frame.xyz, n) ?? frame.bounds);
    }
    this.applyColouring();
    this.showAttributes(frame);
  }

  private showAttributes(frame: CloudFrame | undefined) {
    this.dataset.frame = String(frame ? frame.index : -1);
    this.dataset.points = String(frame ? frame.count : 0);
    this.dataset.frameTime = frame ? String(frame.timestamp + (this.source()?.offsetNanos ?? 0)) : '';
  }

  /** Looks at the cloud from behind and above its centre, at a distance that shows all of it. */
  private frameCamera(b: Float32Array) {
    const centre = new THREE.Vector3((b[0] + b[3]) / 2, (b[1] + b[4]) / 2, (b[2] + b[5]) / 2);
    const radius = Math.max(0.1, new THREE.Vector3(b[3] - b[0], b[4] - b[1], b[5] - b[2]).length() / 2);
    const distance = radius / Math.sin(THREE.MathUtils.degToRad(this.camera.fov / 2));
    this.camera.near = distance / 1000;
    this.camera.far = distance * 20;
    this.camera.position.copy(centre).add(new THREE.Vector3(-0.75, -0.35, 0.55).normalize().multiplyScalar(distance));
    this.camera.updateProjectionMatrix();
    this.controls?.target.copy(centre);
    this.controls?.update();
    this.framed = true;
  }

  mode(): ColourMode {
    const m = this.colour ?? (this.available.includes('rgb') ? 'rgb'
      : this.available.includes('intensity') ? 'intensity' : 'height');
    return this.available.includes(m) ? m : 'height';
  }

  private applyColouring() {
    const u = this.material.uniforms;
    const m = this.mode();
    const hasData = m === 'rgb' ? this.geometry.getAttribute('rgb') !== undefined
      : m === 'intensity' ? this.geometry.getAttribute('intensity') !== undefined : true;
    const mode = hasData ? m : 'height';
    const f = this.shown;
    if (f && mode === 'intensity' && f.intensity && this.filledIntensity !== f) {
      fill(this.geometry.getAttribute('intensity') as THREE.BufferAttribute, f.intensity, false);
      this.filledIntensity = f;
    }
    if (f && mode === 'rgb' && f.rgb && this.filledRgb !== f) {
      fill(this.geometry.getAttribute('rgb') as THREE.BufferAttribute, f.rgb, false);
      this.filledRgb = f;
    }
    u.mode.value = mode === 'rgb' ? 2 : mode === 'intensity' ? 1 : 0;
    const range = mode === 'intensity' ? this.intensityRange : this.heightRange;
    u.lo.value = range?.[0] ?? 0;
    u.hi.value = range?.[1] ?? 1;
    u.pointSize.value = this.pointSize * (this.renderer?.getPixelRatio() ?? 1);
    this.legend = mode === 'rgb' || !range ? ''
      : `${mode} ${formatNumber(range[0])} … ${formatNumber(range[1])}${mode === 'height' ? ' m' : ''}`;
    this.requestRender();
  }

  /** Draws at the next animation frame, once, however many changes asked for it. */
  requestRender() {
    if (this.renderQueued) {
      return;
    }
    this.renderQueued = requestAnimationFrame(() => {
      this.renderQueued = 0;
      this.renderNow();
    });
  }

  /** Draws now, instead of at the next animation frame (tests and benchmarks force a frame with it). */
  renderNow() {
    if (this.renderQueued) {
      cancelAnimationFrame(this.renderQueued);
      this.renderQueued = 0;
    }
    if (!this.renderer) {
      return;
    }
    this.renderer.render(this.scene, this.camera);
    this.renders++;
    const p = this.camera.position;
    this.dataset.renders = String(this.renders);
    this.dataset.camera = `${p.x.toFixed(3)},${p.y.toFixed(3)},${p.z.toFixed(3)}`;
  }
}

/** Copies a frame's values into a kept attribute and uploads only the part in use (the whole buffer when new). */
function fill(attribute: THREE.BufferAttribute, values: Float32Array | Uint8Array, fresh: boolean) {
  (attribute.array as Float32Array | Uint8Array).set(values);
  attribute.clearUpdateRanges();
  if (!fresh && values.length > 0) {
    attribute.addUpdateRange(0, values.length);
  }
  attribute.needsUpdate = true;
}

/** 1st and 99th percentile of a sample of at most 20,000 values, so outliers do not flatten the colours. */
function percentiles(values: Float32Array): [number, number] {
  const step = Math.max(1, Math.floor(values.length / 20_000));
  const sample: number[] = [];
  for (let i = 0; i < values.length; i += step) {
    if (Number.isFinite(values[i])) sample.push(values[i]);
  }
  sample.sort((a, b) => a - b);
  if (sample.length === 0) return [0, 1];
  const lo = sample[Math.floor(sample.length * 0.01)];
  const hi = sample[Math.min(sample.length - 1, Math.floor(sample.length * 0.99))];
  return [lo, hi > lo ? hi : lo + 1];
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

if (!customElements.get('ts-cloud-view')) {
  customElements.define('ts-cloud-view', CloudView);
}

declare global {
  interface HTMLElementTagNameMap {
    'ts-cloud-view': CloudView;
  }
}

/**
 * The box holding the middle 90 % of the points along each axis, from a sample of at most 20,000 points: a few
 * far returns (a wall across the room, a stray reflection) must not shrink the scene to a dot when the view is
 * framed. Undefined when there are too few points to tell.
 */
export function coreBounds(xyz: Float32Array, count: number): Float32Array | undefined {
  if (count < 20) {
    return undefined;
  }
  const step = Math.max(1, Math.floor(count / 20000));
  const axes = [[], [], []] as number[][];
  for (let i = 0; i < count; i += step) {
    for (let a = 0; a < 3; a++) {
      const v = xyz[i * 3 + a];
      if (Number.isFinite(v)) axes[a].push(v);
    }
  }
  const b = new Float32Array(6);
  for (let a = 0; a < 3; a++) {
    const values = axes[a].sort((x, y) => x - y);
    if (values.length < 20) return undefined;
    b[a] = values[Math.floor(values.length * 0.05)];
    b[a + 3] = values[Math.ceil(values.length * 0.95) - 1];
  }
  return b;
}

