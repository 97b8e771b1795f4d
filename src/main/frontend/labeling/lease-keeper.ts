/**
 * Keeps an assignment's lease alive while the annotator works (docs/workflow/queue.md, "Leases"): every `everyMs` it
 * sends one heartbeat, but only if there was activity (a key, a click, playback) since the last one, so an
 * annotator who walked away lets the lease run out and the task goes back to the queue. A refused heartbeat (the
 * lease already ended, or the assignment was skipped elsewhere) stops it and reports once through `onEnded`.
 */
export class LeaseKeeper {
  private timer: number | undefined;
  private active = true;
  private ended = false;
  private readonly markActive = () => { this.active = true; };

  constructor(
    private readonly host: HTMLElement,
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly everyMs: number,
    private readonly onEnded: (message: string) => void,
    private readonly isBusy: () => boolean,
  ) {}

  start(): void {
    if (this.timer !== undefined || this.ended) return;
    for (const type of ['keydown', 'pointerdown', 'wheel', 'input']) {
      this.host.addEventListener(type, this.markActive, { capture: true, passive: true });
    }
    this.timer = window.setInterval(() => void this.beat(), this.everyMs);
  }

  stop(): void {
    if (this.timer !== undefined) window.clearInterval(this.timer);
    this.timer = undefined;
    for (const type of ['keydown', 'pointerdown', 'wheel', 'input']) {
      this.host.removeEventListener(type, this.markActive, { capture: true });
    }
  }

  /** Sends a heartbeat now if there was activity; public so that tests need not wait for the timer. */
  async beat(): Promise<void> {
    if (this.ended || !(this.active || this.isBusy())) return;
    this.active = false;
    try {
      const response = await fetch(this.url, {
        method: 'POST', credentials: 'same-origin',
        headers: { ...this.headers, Accept: 'application/json' },
      });
      if (response.status === 409 || response.status === 404 || response.status === 403) {
        const body = await response.json().catch(() => ({}));
        this.ended = true;
        this.stop();
        this.onEnded(body.error ?? 'This assignment is no longer yours to work on');
      }
    } catch {
      // Offline for a moment: the next beat tries again; the lease is minutes long.
      this.active = true;
    }
  }
}
