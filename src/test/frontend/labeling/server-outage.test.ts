// Unit tests of the workspace's outage decisions, run by Node's own test runner (FrontendUnitTest runs
// `node --test` on every *.test.ts under src/test/frontend; Node 24 strips the types).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ASSIGNMENT_ENDED, BACKOFF_MS, isUnavailable, leaseAction, retryAfterMs, retryDelayMs, saveAction,
} from '../../../main/frontend/labeling/server-outage.ts';

test('no answer, a 503, any 5xx and a 429 are the server being unavailable; other answers are not', () => {
  for (const outcome of ['network', 503, 500, 502, 504, 429] as const) assert.equal(isUnavailable(outcome), true, `${outcome}`);
  for (const outcome of [200, 400, 401, 403, 404, 409, 413, 422]) assert.equal(isUnavailable(outcome), false, `${outcome}`);
});

test('without Retry-After the retries back off 1, 2, 4, 8, 16 s and then every 30 s', () => {
  const delays = Array.from({ length: 9 }, (_, attempt) => retryDelayMs(attempt, null));
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  assert.deepEqual(BACKOFF_MS.slice(0, 2), [1000, 2000]);
});

test("the server's Retry-After wins over the backoff, in seconds or as a date, held to 1..60 s", () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  assert.equal(retryDelayMs(0, '5', now), 5000, 'a 503 of this server says 5');
  assert.equal(retryDelayMs(7, '5', now), 5000, 'also late in the backoff');
  assert.equal(retryDelayMs(0, '0', now), 1000, 'never hammering');
  assert.equal(retryDelayMs(0, '3600', now), 60_000, 'never longer than a minute');
  assert.equal(retryDelayMs(0, 'Mon, 07 Dec 2026 12:00:12 GMT', now), 12_000);
  assert.equal(retryDelayMs(2, 'soon', now), 4000, 'unreadable: the backoff');
  assert.equal(retryAfterMs(' 7 ', now), 7000);
  assert.equal(retryAfterMs('', now), undefined);
  assert.equal(retryAfterMs(undefined, now), undefined);
});

test('a save is kept and retried while the server is unavailable, and when the session ended', () => {
  assert.equal(saveAction('network'), 'unavailable');
  assert.equal(saveAction(503), 'unavailable');
  assert.equal(saveAction(500), 'unavailable');
  assert.equal(saveAction(401), 'signed-out');
  assert.equal(saveAction(403), 'signed-out');
  assert.equal(saveAction(200), 'acknowledged');
  assert.equal(saveAction(409), 'submitted');
  assert.equal(saveAction(422), 'refused');
  assert.equal(saveAction(400), 'refused');
});

test('only a definite answer with the assignment-ended problem type ends the lease', () => {
  for (const status of [404, 409, 403]) assert.equal(leaseAction(status, ASSIGNMENT_ENDED), 'ended', `${status}`);
  assert.equal(leaseAction(200, undefined), 'extended');
  // The server away, or the session ended (a CSRF 403 is about:blank): the assignment may well still be ours.
  assert.equal(leaseAction('network', undefined), 'retry');
  assert.equal(leaseAction(503, 'about:blank'), 'retry');
  assert.equal(leaseAction(503, ASSIGNMENT_ENDED), 'retry', 'a 503 never ends it, whatever it says');
  assert.equal(leaseAction(500, undefined), 'retry');
  assert.equal(leaseAction(403, 'about:blank'), 'retry');
  assert.equal(leaseAction(401, 'about:blank'), 'retry');
  assert.equal(leaseAction(404, undefined), 'retry', 'a 404 without the type (a proxy, a wrong address)');
});
