import { isUnavailable, leaseAction, retryDelayMs } from './server-outage.js';

/**
 * Keeps an assignment's lease alive while the annotator works (docs/workflow/queue.md, "Leases"): every `everyMs` it
 * sends one heartbeat, but only if there was activity (a key, a click, playback) since the last one, so an
 * annotator who walked away lets the lease run out and the task goes back to the queue.
 *
 * Only a definite answer ends it: a 404, 409 or 403 with the problem type that says the assignment is no longer
 * this person's (server-outage.ts, `ASSIGNMENT_ENDED`); it stops and reports once through `onEnded`. A heartbeat
 * that got no answer or a 503 (the server unavailable) did not extend the lease, so it is sent again after the
 * server's Retry-After or a backoff, without waiting for new activity, and `onAvailability` says when the server
 * is away and when it is back. A 401 or a CSRF 403 (the session ended) is retried at the next beat.
 */
export class LeaseKeeper {
  private timer: number | undefined;
  private retryTimer: number | undefined;
  private retries = 0;
  private active = true;
  private ended = false;
  private unavailable = false;
  private readonly markActive = () => { this.active = true; };

  constructor(
    private readonly host: HTMLElement,
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly everyMs: number,
    private readonly onEnded: (message: string) => void,
    private readonly isBusy: () => boolean,
    private readonly onAvailability: (unavailable: boolean) => void = () => {},
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
    window.clearTimeout(this.retryTimer);
    this.timer = undefined;
    this.retryTimer = undefined;
    for (const type of ['keydown', 'pointerdown', 'wheel', 'input']) {
      this.host.removeEventListener(type, this.markActive, { capture: true });
    }
  }

  /** Sends a heartbeat now if there was activity; public so that tests need not wait for the timer. */
  async beat(): Promise<void> {
    if (this.ended || !(this.active || this.isBusy())) return;
    this.active = false;
    let response: Response | undefined;
    try {
      response = await fetch(this.url, {
        method: 'POST', credentials: 'same-origin',
        headers: { ...this.headers, Accept: 'application/json' },
      });
    } catch {
      response = undefined;
    }
    const status = response?.status ?? 'network';
    const body = response && !response.ok ? await response.json().catch(() => ({})) : {};
    const action = leaseAction(status, body.type);
    if (action === 'ended') {
      this.ended = true;
      this.stop();
      this.available(true);
      this.onEnded(body.error ?? 'This assignment is no longer yours to work on');
      return;
    }
    if (action === 'extended') {
      this.retries = 0;
      this.available(true);
      return;
    }
    // Not extended: the next beat goes out whether or not the annotator did something meanwhile.
    this.active = true;
    if (isUnavailable(status)) {
      this.available(false);
      this.retryLater(response?.headers.get('Retry-After') ?? null);
    }
  }

  private retryLater(retryAfter: string | null): void {
    if (this.timer === undefined || this.retryTimer !== undefined) return;
    const delay = retryDelayMs(this.retries++, retryAfter);
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = undefined;
      void this.beat();
    }, delay);
  }

  private available(up: boolean): void {
    if (this.unavailable === !up) return;
    this.unavailable = !up;
    this.onAvailability(this.unavailable);
  }
}
