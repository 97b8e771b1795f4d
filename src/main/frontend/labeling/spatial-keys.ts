import type { BoxTrackLabel, CuboidTrackLabel, Definition, LabelClass, LabelStore, Nanos } from '../labels/label-model.js';
import {
  moveBox, moveCuboid, newBox, newCuboid, nextTrackId, removeKeyframe, resizeBox, resizeCuboid, rotateCuboid,
  type ImageBounds,
} from '../labels/spatial-edit.js';

/** What the keyboard needs of the workspace to make and change boxes and cuboids. */
export interface SpatialHost {
  readonly store: LabelStore;
  /** The playhead: keyframes go there. */
  keyframeTime(): Nanos;
  /** Camera views shown in the player, the step-source camera first. */
  cameras(): CameraTarget[];
  /** Point-cloud views shown in the player. */
  clouds(): CloudTarget[];
}

export interface CameraTarget { name: string; frameSize(): ImageBounds | undefined; }
export interface CloudTarget { stream?: { name: string }; focusPoint(): [number, number, number]; }

const BOX_STEP_PX = 4;
const CUBOID_STEP_M = 0.05;
const YAW_STEP = (5 * Math.PI) / 180;
const NEW_CUBOID_SIZE_M = 0.4;

/**
 * Keys for boxes and cuboids. With `create` (a box2d or cuboid3d class key): a new box on the step camera or a new
 * cuboid at the cloud's focus, or, when a label of that definition is selected, its class changes. Without: Ctrl
 * keys move, resize and turn the selected box or cuboid, each change a keyframe at the playhead, and Shift+Delete
 * removes the keyframe at the playhead. Answers undefined when the key is not for a box or cuboid, else a message
 * for the annotator ('' for none).
 */
export function spatialKey(e: KeyboardEvent, host: SpatialHost,
  create?: { definition: Definition; labelClass: LabelClass }): string | undefined {
  const store = host.store;
  const selected = store.selected ? store.get(store.selected) : undefined;
  if (create) {
    if (selected && (selected.kind === 'box2d' || selected.kind === 'cuboid3d')
      && selected.definition === create.definition.key) {
      store.edit(`class → ${create.labelClass.name}`, [{ ...selected, classKey: create.labelClass.key }]);
      return `${create.labelClass.name} #${selected.trackId}`;
    }
    return create.definition.type === 'box2d' ? createBox(host, create.definition, create.labelClass)
      : createCuboid(host, create.definition, create.labelClass);
  }
  if (!selected || (selected.kind !== 'box2d' && selected.kind !== 'cuboid3d')) return undefined;
  const time = host.keyframeTime();
  if (e.key === 'Delete' && e.shiftKey && !e.ctrlKey && !e.altKey) {
    const rest = removeKeyframe(selected, time);
    if (!rest) return 'That is its only keyframe: Delete removes the whole track';
    if (rest.keyframes.length === selected.keyframes.length) return 'No keyframe at the playhead';
    store.edit('remove keyframe', [rest]);
    return '';
  }
  if (!(e.ctrlKey || e.metaKey)) return undefined;
  const changed = selected.kind === 'box2d' ? boxKey(e, selected, time, host) : cuboidKey(e, selected, time);
  if (!changed) return undefined;
  // Holding a key is one undo step, not one per repeat.
  store.edit(selected.kind === 'box2d' ? 'change box' : 'change cuboid', [changed], [], `spatial:${selected.id}`);
  return '';
}

function boxKey(e: KeyboardEvent, box: BoxTrackLabel, time: Nanos, host: SpatialHost): BoxTrackLabel | undefined {
  const bounds = host.cameras().find((c) => c.name === box.stream)?.frameSize();
  const dx = e.key === 'ArrowRight' ? BOX_STEP_PX : e.key === 'ArrowLeft' ? -BOX_STEP_PX : 0;
  const dy = e.key === 'ArrowDown' ? BOX_STEP_PX : e.key === 'ArrowUp' ? -BOX_STEP_PX : 0;
  if (dx === 0 && dy === 0 || e.altKey) return undefined;
  return e.shiftKey ? resizeBox(box, time, dx, dy, bounds) : moveBox(box, time, dx, dy, bounds);
}

function cuboidKey(e: KeyboardEvent, cuboid: CuboidTrackLabel, time: Nanos): CuboidTrackLabel | undefined {
  const s = CUBOID_STEP_M;
  if (e.key === ',' || e.key === '.') return rotateCuboid(cuboid, time, e.key === '.' ? -YAW_STEP : YAW_STEP);
  const horizontal = e.key === 'ArrowRight' ? s : e.key === 'ArrowLeft' ? -s : 0;
  const vertical = e.key === 'ArrowUp' ? s : e.key === 'ArrowDown' ? -s : 0;
  if (horizontal === 0 && vertical === 0) return undefined;
  if (e.shiftKey) {
    if (e.altKey) return vertical ? resizeCuboid(cuboid, time, 0, 0, vertical) : undefined;
    return resizeCuboid(cuboid, time, horizontal, vertical, 0);
  }
  if (e.altKey) return vertical ? moveCuboid(cuboid, time, 0, 0, vertical) : undefined;
  return moveCuboid(cuboid, time, horizontal, vertical, 0);
}

function createBox(host: SpatialHost, definition: Definition, labelClass: LabelClass): string {
  const camera = host.cameras().find((c) => c.frameSize());
  const size = camera?.frameSize();
  if (!camera || !size) return 'No camera picture is shown to put a box on';
  const time = host.keyframeTime();
  const trackId = nextTrackId(host.store.labels(), 'box2d', camera.name, definition.key);
  const width = Math.round(size.width / 4);
  const height = Math.round(size.height / 4);
  const box = newBox(definition.key, labelClass.key, trackId, camera.name, time,
    { x: Math.round((size.width - width) / 2), y: Math.round((size.height - height) / 2), width, height }, size);
  host.store.edit(`add ${labelClass.name} #${trackId}`, [box]);
  host.store.select(box.id);
  return `${labelClass.name} #${trackId} on ${camera.name}: drag it, or Ctrl+arrows to move and Ctrl+Shift+arrows to `
    + 'resize; Esc when done';
}

function createCuboid(host: SpatialHost, definition: Definition, labelClass: LabelClass): string {
  const cloud = host.clouds().find((c) => c.stream);
  if (!cloud?.stream) return 'No point cloud is shown to put a cuboid in';
  const [cx, cy, cz] = cloud.focusPoint();
  const time = host.keyframeTime();
  const trackId = nextTrackId(host.store.labels(), 'cuboid3d', cloud.stream.name, definition.key);
  const cuboid = newCuboid(definition.key, labelClass.key, trackId, cloud.stream.name, time, {
    cx, cy, cz, length: NEW_CUBOID_SIZE_M, width: NEW_CUBOID_SIZE_M, height: NEW_CUBOID_SIZE_M, yaw: 0,
  });
  host.store.edit(`add ${labelClass.name} #${trackId}`, [cuboid]);
  host.store.select(cuboid.id);
  return `${labelClass.name} #${trackId} in ${cloud.stream.name}: Ctrl+arrows move, Ctrl+Alt+↑/↓ up/down, `
    + 'Ctrl+, / Ctrl+. turn, Ctrl+Shift+arrows resize; Esc when done';
}
