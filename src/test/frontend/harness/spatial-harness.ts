/**
 * Test support: a stand-in for the labeling workspace around camera and cloud views. It builds a LabelStore from
 * `schemaJson` and `durationNanos`, gives every `ts-camera-view` and `ts-cloud-view` among its descendants
 * `labeling` (the active definition is the first box2d / cuboid3d definition of the schema with its first class),
 * and passes its own `time` on to them, as the player would. `store` and `edit` (the functions of spatial-edit.ts)
 * are there for page.evaluate in browser tests.
 */
import * as spatialEdit from '../../../main/frontend/labels/spatial-edit';
import * as labelModel from '../../../main/frontend/labels/label-model';
import { LabelStore, Schema, SpatialLabeling } from '../../../main/frontend/labels/label-model';

const VIEWS = 'ts-camera-view, ts-cloud-view';

export class SpatialHarness extends HTMLElement {
  /** The pure edit functions, for tests. */
  readonly edit = spatialEdit;
  /** boxAt, cuboidAt and the rest of the label model, for tests. */
  readonly model = labelModel;
  store?: LabelStore;
  private schemaText = '';
  private duration = 0;
  private clock = 0;
  private labeling?: SpatialLabeling;
  private readonly observer = new MutationObserver(() => this.share());

  get schemaJson(): string { return this.schemaText; }
  set schemaJson(value: string) {
    this.schemaText = value ?? '';
    this.build();
  }

  get durationNanos(): number { return this.duration; }
  set durationNanos(value: number) {
    this.duration = Number(value) || 0;
    this.build();
  }

  get time(): number { return this.clock; }
  set time(value: number) {
    this.clock = Number(value) || 0;
    this.views().forEach((v) => { v.time = this.clock; });
  }

  connectedCallback(): void {
    // Properties set before this element was defined (its module may load after the page built it) are plain own
    // properties that hide the accessors: pass them through the accessors instead.
    for (const name of ['schemaJson', 'durationNanos', 'time'] as const) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = (this as unknown as Record<string, unknown>)[name];
        delete (this as unknown as Record<string, unknown>)[name];
        (this as unknown as Record<string, unknown>)[name] = value;
      }
    }
    this.style.display = this.style.display || 'block';
    this.observer.observe(this, { childList: true, subtree: true });
    this.share();
  }

  disconnectedCallback(): void {
    this.observer.disconnect();
  }

  private views(): (HTMLElement & { labeling?: SpatialLabeling; time: number })[] {
    return [...this.querySelectorAll(VIEWS)] as (HTMLElement & { labeling?: SpatialLabeling; time: number })[];
  }

  /** A new store (and an empty undo history) whenever the schema or the duration changes. */
  private build(): void {
    if (!this.schemaText || !(this.duration > 0)) return;
    const schema = JSON.parse(this.schemaText) as Schema;
    const store = new LabelStore(schema, this.duration);
    const first = (type: 'box2d' | 'cuboid3d') => {
      const d = schema.definitions.find((x) => x.type === type && x.classes.length > 0);
      return d ? { definition: d.key, classKey: d.classes[0].key } : undefined;
    };
    this.store = store;
    this.labeling = { store, activeDefinition: first };
    this.share();
  }

  /** Gives the views (also ones added later) the labeling and the clock. */
  private share(): void {
    if (!this.labeling) return;
    for (const view of this.views()) {
      if (view.labeling !== this.labeling) view.labeling = this.labeling;
      if (view.time !== this.clock) view.time = this.clock;
    }
  }
}

if (!customElements.get('ts-spatial-harness')) {
  customElements.define('ts-spatial-harness', SpatialHarness);
}

declare global {
  interface HTMLElementTagNameMap {
    'ts-spatial-harness': SpatialHarness;
  }
}
