/**
 * What the workspace does when the server does not answer as asked (docs/labeling/api.md, "When the server is
 * unavailable"): pure decisions, no timers or fetches, so that they are unit-tested on their own
 * (src/test/frontend/labeling/server-outage.test.ts, run by FrontendUnitTest).
 *
 * A 503 (the database or the disk failed for a moment), any other 5xx, a 429 and a request that got no answer at
 * all are "the server is unavailable": the work stays in this browser and the same request goes again later. Only
 * a definite answer ends something.
 */

/** A response's status, or `'network'` when the request got no answer (server down, connection lost). */
export type Outcome = number | 'network';

/** Waits between retries when the server gives no Retry-After: doubling from 1 s, then every 30 s. */
export const BACKOFF_MS: readonly number[] = [1000, 2000, 4000, 8000, 16000, 30000];
/** The bounds a server's Retry-After is held to: not hammering it, and not waiting longer than a minute. */
export const MIN_RETRY_MS = 1000;
export const MAX_RETRY_MS = 60_000;

/** Whether the server was unavailable rather than answering: keep the work and try again later. */
export function isUnavailable(outcome: Outcome): boolean {
  return outcome === 'network' || outcome === 429 || outcome >= 500;
}

/**
 * How long to wait before retry number `attempt` (0 for the first retry). The server's Retry-After (seconds, or
 * an HTTP date) wins when it gives one, held to 1..60 s; otherwise the backoff.
 */
export function retryDelayMs(attempt: number, retryAfter: string | null | undefined, now: number = Date.now()): number {
  const asked = retryAfterMs(retryAfter, now);
  if (asked !== undefined) return Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, asked));
  return BACKOFF_MS[Math.min(Math.max(0, Math.floor(attempt)), BACKOFF_MS.length - 1)];
}

/** Retry-After in milliseconds from `now`: delta seconds (`5`) or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What the autosave does with the answer to a save. */
export type SaveAction = 'acknowledged' | 'unavailable' | 'signed-out' | 'submitted' | 'refused';

export function saveAction(outcome: Outcome): SaveAction {
  if (outcome === 'network' || isUnavailable(outcome)) return 'unavailable';
  if (outcome === 401 || outcome === 403) return 'signed-out';
  if (outcome === 409) return 'submitted';
  if (outcome >= 200 && outcome < 300) return 'acknowledged';
  return 'refused';
}

/**
 * The problem type (RFC 9457 `type`) the heartbeat answers with when the assignment is no longer this person's to
 * work on: the lease ran out or was skipped (409), the assignment is gone (404), or it is someone else's (403).
 * A 403 without it (a CSRF token of an ended session) or a 401 does not say the assignment ended.
 */
export const ASSIGNMENT_ENDED = 'urn:touchstone:problem:assignment-ended';

/** What the lease keeper does with the answer to a heartbeat. */
export type LeaseAction = 'extended' | 'ended' | 'retry';

export function leaseAction(outcome: Outcome, problemType?: string | null): LeaseAction {
  if (outcome !== 'network' && outcome >= 200 && outcome < 300) return 'extended';
  if (outcome !== 'network' && (outcome === 404 || outcome === 409 || outcome === 403)
    && problemType === ASSIGNMENT_ENDED) {
    return 'ended';
  }
  // Unavailable, signed out, or an answer that says nothing of the assignment: the lease is minutes long, so
  // beating again soon keeps it if the server comes back in time, and the server ends it by itself if not.
  return 'retry';
}
