import { html, LitElement, PropertyValues } from 'lit';
import type { EpisodeEvent } from './paired-math';
import { clockEnd, matchEvents, offsetFromMillis } from './paired-math';

/** What the server knows of each episode's events (labels where accepted, else proposals). */
export interface PairEvents { first: EpisodeEvent[]; second: EpisodeEvent[]; }

/**
 * The paired player's offset: a field in milliseconds and a choice of an event kind both episodes have, which sets
 * the offset that puts their first occurrences under one clock time (paired-math.ts). It moves the second episode's
 * views in the player named by `for` (elements marked `data-pair-side="second"`: a camera's offset, the signal
 * view's stream offsets), the overlay chart and the clock's end, keeps `?offset=` in the address, and tells the
 * server (`ts-pair-offset`) so the timing table can say how far the events are apart once aligned. Nothing here
 * waits for the server: the views move at once.
 */
export class PairedOffset extends LitElement {
  static properties = {
    for: { attribute: 'for' },
    offset: { type: Number },
    events: { attribute: false },
    firstEnd: { type: Number, attribute: 'first-end' },
    secondEnd: { type: Number, attribute: 'second-end' },
    problem: { state: true },
  };

  for = 'player';
  offset = 0;
  events: PairEvents = { first: [], second: [] };
  firstEnd = 0;
  secondEnd = 0;
  problem = '';

  /** The second episode's views' own offsets as the server sent them, before any pair offset. */
  private readonly baseStreams = new WeakMap<Element, { offsetNanos: number }[]>();

  createRenderRoot() {
    return this;
  }

  render() {
    const matches = matchEvents(this.events?.first ?? [], this.events?.second ?? []);
    const ms = this.offset / 1e6;
    return html`
      <div class="flex flex-wrap gap-m items-end">
        <label class="flex flex-col text-s">
          Offset of the second episode (ms)
          <input id="pair-offset-ms" type="number" step="1" .value=${String(Number(ms.toFixed(3)))}
                 aria-describedby="pair-offset-help"
                 @change=${(e: Event) => this.typed((e.target as HTMLInputElement).value)}>
        </label>
        <label class="flex flex-col text-s">
          Align on an event both episodes have
          <select id="pair-align" ?disabled=${matches.length === 0}
                  @change=${(e: Event) => this.aligned((e.target as HTMLSelectElement).value)}>
            <option value="">${matches.length ? 'Choose an event…' : 'No event kind in both episodes'}</option>
            ${matches.map(m => html`<option value=${m.key} data-offset=${m.offset}>
              ${m.label}: ${seconds(m.first)} s in the first, ${seconds(m.second)} s in the second
              (offset ${(m.offset / 1e6).toFixed(1)} ms)</option>`)}
          </select>
        </label>
        <span id="pair-offset-help" class="text-s text-secondary">
          The clock is the first episode's time; the second is shown at clock time + offset.</span>
        ${this.problem ? html`<span id="pair-offset-error" role="alert" class="text-s text-error">${this.problem}</span>` : ''}
      </div>`;
  }

  protected updated(changed: PropertyValues) {
    if (changed.has('offset') || changed.has('firstEnd') || changed.has('secondEnd')) {
      this.apply();
    }
  }

  private typed(text: string) {
    const offset = offsetFromMillis(text);
    if (offset === undefined) {
      // A number field hands over "" for anything that is not a number.
      this.problem = text.trim() === '' ? 'Type the offset as a number of milliseconds, e.g. 250 or -40.5'
        : `"${text}" is not a number of milliseconds`;
      return;
    }
    this.problem = '';
    this.setOffset(offset);
  }

  private aligned(key: string) {
    const match = matchEvents(this.events.first, this.events.second).find(m => m.key === key);
    if (match) {
      this.problem = '';
      this.setOffset(match.offset);
    }
  }

  /** Moves the second episode to t + offset; also the test hook. */
  setOffset(offset: number) {
    this.offset = offset;
    this.dispatchEvent(new CustomEvent('ts-pair-offset', { detail: { offset }, bubbles: true, composed: true }));
  }

  private waits = 0;

  private apply() {
    const player = document.getElementById(this.for) as (HTMLElement & { duration: number; start: number }) | null;
    if (!player) {
      // The player may be attached a moment after this control; a page without one stops asking after ~2 s.
      if (this.waits++ < 120) {
        requestAnimationFrame(() => this.apply());
      }
      return;
    }
    const offset = this.offset;
    for (const el of player.querySelectorAll('[data-pair-side="second"]')) {
      const view = el as HTMLElement & { offset?: number; streams?: { offsetNanos: number }[] };
      if (view.dataset.baseOffset !== undefined) {
        view.offset = Number(view.dataset.baseOffset) - offset;
      } else if (view.streams) {
        // A view shows its stream at time - streamOffset; moving the second episode by the offset is its streams'
        // offsets less the pair offset.
        if (!this.baseStreams.has(view)) {
          this.baseStreams.set(view, view.streams);
        }
        view.streams = this.baseStreams.get(view)!.map(s => ({ ...s, offsetNanos: s.offsetNanos - offset }));
      }
    }
    player.querySelectorAll('ts-paired-signals').forEach(el => ((el as HTMLElement & { offset: number }).offset = offset));
    if (this.firstEnd > 0 || this.secondEnd > 0) {
      player.duration = clockEnd(this.firstEnd, this.secondEnd, offset) - (player.start ?? 0);
    }
    const url = new URL(window.location.href);
    url.searchParams.set('offset', String(Math.round(offset)));
    window.history.replaceState(window.history.state, '', url);
    this.dataset.applied = String(offset);
  }
}

function seconds(ns: number): string {
  return (ns / 1e9).toFixed(3);
}

customElements.define('ts-paired-offset', PairedOffset);
