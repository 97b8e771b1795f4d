import * as THREE from 'three';
import type { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import {
  colorOf, CuboidKey, cuboidAt, CuboidTrackLabel, LabelStore, Nanos, SpatialLabeling,
} from '../labels/label-model';
import { hasKeyframeAt, moveCuboid, newCuboid, nextTrackId } from '../labels/spatial-edit';

/** What the cuboid editor needs of its cloud view. */
export interface CuboidCloud {
  labeling: SpatialLabeling | undefined;
  time: number;
  camera: THREE.PerspectiveCamera;
  controls?: OrbitControls;
  renderer?: THREE.WebGLRenderer;
  /** the name of the stream shown: cuboids whose `stream` equals it are drawn */
  streamName(): string | undefined;
  requestRender(): void;
  dataset: DOMStringMap;
}

/** Side of a cuboid placed by double-click, metres. */
export const NEW_CUBOID_SIZE = 0.4;
/** Movement in CSS pixels below which a press and release is a click. */
const CLICK_SLOP = 4;

// Shared by every cuboid: a unit cube scaled to length (x), width (y), height (z).
const UNIT_BOX = new THREE.BoxGeometry(1, 1, 1);
const UNIT_EDGES = new THREE.EdgesGeometry(UNIT_BOX);
/** A cross on the front (+x) face and a line from the centre to it: which way the cuboid heads. */
const FRONT_MARKER = new THREE.BufferGeometry().setAttribute('position', new THREE.Float32BufferAttribute([
  0.5, -0.5, -0.5, 0.5, 0.5, 0.5,
  0.5, 0.5, -0.5, 0.5, -0.5, 0.5,
  0, 0, 0, 0.5, 0, 0,
], 3));
const PICK_MATERIAL = new THREE.MeshBasicMaterial({ visible: false, side: THREE.DoubleSide });

interface Drawn { label: CuboidTrackLabel; key: CuboidKey; pick: THREE.Mesh; }

interface Press {
  pointerId: number;
  x: number;
  y: number;
  /** set when the press started on the selected cuboid: dragging moves it in its horizontal plane */
  drag?: { label: CuboidTrackLabel; plane: THREE.Plane; start: THREE.Vector3; result?: CuboidTrackLabel };
  moved: boolean;
}

/**
 * The cuboid editor of a cloud view: draws the `cuboid3d` labels of the view's stream at the clock time as
 * wireframes in the scene (which is in label coordinates: metres, z up) and edits them with the mouse. Click
 * selects, double-click places a new cuboid, a drag on the selected cuboid moves it (orbit is off during that drag).
 * Every completed gesture is one `store.edit`. Keys are left to the workspace.
 */
export class CloudCuboids {
  /** Added to the view's scene. */
  readonly group = new THREE.Group();
  private store?: LabelStore;
  private drawn = new Map<string, Drawn>();
  private readonly materials = new Map<string, THREE.Material>();
  private press?: Press;
  /** what is drawn now, to skip redraws that would change nothing */
  private signature = '[]';
  private element?: HTMLElement;
  private readonly raycaster = new THREE.Raycaster();
  private readonly onStoreEvent = () => this.update();

  constructor(private readonly view: CuboidCloud) {
    this.group.name = 'cuboids';
  }

  /** Listens for the mouse on the element holding the canvas (capture: before the orbit controls see it). */
  connect(element: HTMLElement): void {
    if (this.element === element) return;
    this.disconnect();
    this.element = element;
    element.addEventListener('pointerdown', this.onPointerDown, { capture: true });
    element.addEventListener('pointermove', this.onPointerMove);
    element.addEventListener('pointerup', this.onPointerUp);
    element.addEventListener('pointercancel', this.onPointerCancel);
    element.addEventListener('dblclick', this.onDoubleClick);
  }

  disconnect(): void {
    const element = this.element;
    if (element) {
      element.removeEventListener('pointerdown', this.onPointerDown, { capture: true });
      element.removeEventListener('pointermove', this.onPointerMove);
      element.removeEventListener('pointerup', this.onPointerUp);
      element.removeEventListener('pointercancel', this.onPointerCancel);
      element.removeEventListener('dblclick', this.onDoubleClick);
    }
    this.element = undefined;
    this.endPress();
  }

  /** Follows the view's `labeling` (call when it may have changed). */
  attach(store: LabelStore | undefined): void {
    if (this.store !== store) {
      this.store?.removeEventListener('change', this.onStoreEvent);
      this.store?.removeEventListener('select', this.onStoreEvent);
      this.store = store;
      this.endPress();
      store?.addEventListener('change', this.onStoreEvent);
      store?.addEventListener('select', this.onStoreEvent);
      if (store) this.view.dataset.cuboids = String(this.drawn.size);
    }
    this.update();
  }

  /** The clock as a keyframe time: inside the episode. */
  private keyTime(): Nanos {
    const duration = this.store?.durationNanos ?? Infinity;
    return Math.min(Math.max(0, Math.round(this.view.time || 0)), duration);
  }

  /**
   * Redraws the cuboids when what they show changed (labels, selection, time or stream) and then asks the view
   * for a frame; a clock tick that moves no cuboid draws nothing.
   */
  update(): void {
    const store = this.store;
    const stream = this.view.streamName();
    const shown: { label: CuboidTrackLabel; key: CuboidKey; selected: boolean; keyframe: boolean }[] = [];
    if (store && stream !== undefined) {
      const time = this.keyTime();
      const preview = this.press?.drag?.result;
      for (const l of store.labels()) {
        if (l.kind !== 'cuboid3d' || l.stream !== stream) continue;
        const label = preview && preview.id === l.id ? preview : l;
        const key = cuboidAt(label.keyframes, time);
        if (key) shown.push({ label, key, selected: label.id === store.selected, keyframe: hasKeyframeAt(label, time) });
      }
    }
    const signature = JSON.stringify(shown.map((s) => [s.label.id, s.label.definition, s.label.classKey, s.key.cx,
      s.key.cy, s.key.cz, s.key.length, s.key.width, s.key.height, s.key.yaw, s.selected, s.keyframe]));
    if (signature === this.signature) {
      // Nothing on screen changes, but a track may have gained a keyframe elsewhere: keep the newest labels.
      for (const s of shown) {
        const drawn = this.drawn.get(s.label.id);
        if (drawn) drawn.label = s.label;
      }
      return;
    }
    this.signature = signature;
    this.clear();
    for (const s of shown) this.draw(store!, s.label, s.key, s.selected, s.keyframe);
    this.group.updateMatrixWorld(true);
    this.view.dataset.cuboids = String(this.drawn.size);
    this.view.dataset.selectedCuboid = store?.selected && this.drawn.has(store.selected) ? store.selected : '';
    this.view.requestRender();
  }

  private clear(): void {
    for (const child of [...this.group.children]) this.group.remove(child);
    this.drawn.clear();
  }

  private draw(store: LabelStore, label: CuboidTrackLabel, key: CuboidKey, selected: boolean, keyframe: boolean) {
    const colour = colorOf(store.schema, label.definition, label.classKey);
    const box = new THREE.Group();
    box.position.set(key.cx, key.cy, key.cz);
    box.rotation.set(0, 0, key.yaw);
    box.scale.set(key.length, key.width, key.height);
    box.userData.id = label.id;
    const edges = new THREE.LineSegments(UNIT_EDGES, this.lineMaterial(colour, selected, keyframe));
    const marker = new THREE.LineSegments(FRONT_MARKER, this.lineMaterial(colour, selected, keyframe));
    // Drawn over the points, so a cuboid inside a dense cloud stays visible.
    edges.renderOrder = marker.renderOrder = 10;
    const pick = new THREE.Mesh(UNIT_BOX, PICK_MATERIAL);
    pick.userData.id = label.id;
    box.add(edges, marker, pick);
    if (selected) {
      const fill = new THREE.Mesh(UNIT_BOX, this.fillMaterial(colour));
      fill.renderOrder = 9;
      box.add(fill);
    }
    this.group.add(box);
    this.drawn.set(label.id, { label, key, pick });
  }

  /** Selected: brighter (towards white); between keyframes: a little faded. */
  private lineMaterial(colour: string, selected: boolean, keyframe: boolean): THREE.Material {
    const name = `line ${colour} ${selected} ${keyframe}`;
    let m = this.materials.get(name);
    if (!m) {
      const c = new THREE.Color(colour);
      if (selected) c.lerp(new THREE.Color(0xffffff), 0.45);
      m = new THREE.LineBasicMaterial({ color: c, depthTest: false, transparent: true,
        opacity: keyframe || selected ? 1 : 0.7 });
      this.materials.set(name, m);
    }
    return m;
  }

  private fillMaterial(colour: string): THREE.Material {
    const name = `fill ${colour}`;
    let m = this.materials.get(name);
    if (!m) {
      m = new THREE.MeshBasicMaterial({ color: new THREE.Color(colour), transparent: true, opacity: 0.22,
        depthWrite: false, side: THREE.DoubleSide });
      this.materials.set(name, m);
    }
    return m;
  }

  /** Stops listening and drawing (the view left the page); `connect` and `attach` start again. */
  dispose(): void {
    this.disconnect();
    this.attach(undefined);
    this.materials.forEach((m) => m.dispose());
    this.materials.clear();
  }

  // ---- test and keyboard hooks ----

  /** Client coordinates of a drawn cuboid's centre, or undefined when it is not drawn or behind the camera. */
  screenPoint(id: string): { x: number; y: number } | undefined {
    const drawn = this.drawn.get(id);
    const canvas = this.view.renderer?.domElement;
    if (!drawn || !canvas) return undefined;
    const camera = this.view.camera;
    camera.updateMatrixWorld();
    const v = new THREE.Vector3(drawn.key.cx, drawn.key.cy, drawn.key.cz).project(camera);
    if (v.z > 1 || v.z < -1) return undefined;
    const r = canvas.getBoundingClientRect();
    return { x: r.left + (v.x + 1) / 2 * r.width, y: r.top + (1 - v.y) / 2 * r.height };
  }

  // ---- mouse ----

  private ray(clientX: number, clientY: number): THREE.Ray | undefined {
    const canvas = this.view.renderer?.domElement;
    if (!canvas) return undefined;
    const r = canvas.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return undefined;
    const ndc = new THREE.Vector2((clientX - r.left) / r.width * 2 - 1, -((clientY - r.top) / r.height) * 2 + 1);
    this.view.camera.updateMatrixWorld();
    this.raycaster.setFromCamera(ndc, this.view.camera);
    return this.raycaster.ray;
  }

  /** The nearest drawn cuboid under a client point. */
  private pick(clientX: number, clientY: number): Drawn | undefined {
    if (!this.ray(clientX, clientY)) return undefined;
    const hits = this.raycaster.intersectObjects([...this.drawn.values()].map((d) => d.pick), false);
    const id = hits[0]?.object.userData.id as string | undefined;
    return id ? this.drawn.get(id) : undefined;
  }

  private onPointerDown = (e: PointerEvent) => {
    const store = this.store;
    if (!store || e.button !== 0 || this.press) return;
    const press: Press = { pointerId: e.pointerId, x: e.clientX, y: e.clientY, moved: false };
    const hit = this.pick(e.clientX, e.clientY);
    if (hit && hit.label.id === store.selected) {
      const plane = new THREE.Plane(new THREE.Vector3(0, 0, 1), -hit.key.cz);
      const start = this.ray(e.clientX, e.clientY)?.intersectPlane(plane, new THREE.Vector3());
      if (start) {
        press.drag = { label: hit.label, plane, start };
        // The orbit controls ignore this press (they return early when disabled).
        if (this.view.controls) this.view.controls.enabled = false;
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
      }
    }
    this.press = press;
  };

  private onPointerMove = (e: PointerEvent) => {
    const press = this.press;
    if (!press || e.pointerId !== press.pointerId) return;
    if (!press.moved && Math.hypot(e.clientX - press.x, e.clientY - press.y) >= CLICK_SLOP) press.moved = true;
    if (press.drag && press.moved) {
      press.drag.result = this.dragResult(press, e.clientX, e.clientY);
      this.update();
    }
  };

  private onPointerUp = (e: PointerEvent) => {
    const press = this.press;
    const store = this.store;
    if (!press || e.pointerId !== press.pointerId) return;
    if (press.drag && press.moved && store) {
      const result = this.dragResult(press, e.clientX, e.clientY);
      this.endPress();
      if (result) store.edit('Move cuboid', [result]);
      this.update();
      return;
    }
    this.endPress();
    if (!press.moved && store) {
      store.select(this.pick(e.clientX, e.clientY)?.label.id ?? null);
    }
  };

  private onPointerCancel = (e: PointerEvent) => {
    if (this.press && e.pointerId === this.press.pointerId) {
      this.endPress();
      this.update();
    }
  };

  private endPress(): void {
    if (this.press?.drag && this.view.controls) this.view.controls.enabled = true;
    const element = this.element;
    if (this.press && element?.hasPointerCapture(this.press.pointerId)) {
      element.releasePointerCapture(this.press.pointerId);
    }
    this.press = undefined;
  }

  private dragResult(press: Press, clientX: number, clientY: number): CuboidTrackLabel | undefined {
    const drag = press.drag!;
    const point = this.ray(clientX, clientY)?.intersectPlane(drag.plane, new THREE.Vector3());
    if (!point) return drag.result;
    return moveCuboid(drag.label, this.keyTime(), point.x - drag.start.x, point.y - drag.start.y, 0);
  }

  private onDoubleClick = (e: MouseEvent) => {
    const store = this.store;
    const stream = this.view.streamName();
    if (!store || stream === undefined) return;
    const hit = this.pick(e.clientX, e.clientY);
    if (hit) {
      store.select(hit.label.id);
      return;
    }
    const active = this.view.labeling?.activeDefinition('cuboid3d');
    if (!active) return;
    const target = this.focus();
    const plane = new THREE.Plane(new THREE.Vector3(0, 0, 1), -target.z);
    const at = this.ray(e.clientX, e.clientY)?.intersectPlane(plane, new THREE.Vector3()) ?? target;
    const size = NEW_CUBOID_SIZE;
    const label = newCuboid(active.definition, active.classKey,
      nextTrackId(store.labels(), 'cuboid3d', stream, active.definition), stream, this.keyTime(),
      { cx: at.x, cy: at.y, cz: at.z, length: size, width: size, height: size, yaw: 0 });
    store.edit('Place cuboid', [label]);
    store.select(label.id);
  };

  /** The orbit target (label coordinates: the scene is in the cloud's frame). */
  focus(): THREE.Vector3 {
    return this.view.controls?.target.clone() ?? new THREE.Vector3();
  }
}
