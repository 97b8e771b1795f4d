/** One part of the bar: its key (a CSS hook, `data-state`), what a tooltip calls it, and its count. */
export interface SharePart { key: string; label: string; count: number; }

/**
 * A horizontal bar split into parts by their share of the total (tasks by state on the project page). Each part is
 * a `.progress-segment` with `data-state` set to its key; its colour comes from styles.css. Light DOM, so that
 * stylesheet reaches the parts.
 */
export class ShareBar extends HTMLElement {
  private value: SharePart[] = [];

  set parts(parts: SharePart[]) {
    this.value = parts ?? [];
    this.render();
  }

  get parts(): SharePart[] {
    return this.value;
  }

  private render() {
    const total = this.value.reduce((sum, part) => sum + part.count, 0);
    this.replaceChildren(...this.value.map(part => {
      const segment = document.createElement('div');
      segment.className = 'progress-segment';
      segment.dataset.state = part.key;
      segment.title = `${part.label}: ${part.count}`;
      segment.style.width = total === 0 ? '0' : `${(100 * part.count) / total}%`;
      return segment;
    }));
  }
}

if (!customElements.get('ts-share-bar')) {
  customElements.define('ts-share-bar', ShareBar);
}
