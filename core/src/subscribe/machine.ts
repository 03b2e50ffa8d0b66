/**
 * The subscribe state machine (docs/architecture.md §4): `stepSubscribe(state, event, ctx) -> { state, commands }`, pure.
 *
 * Theory of operation
 * -------------------
 * A v2 subscription is a chain of long-polls (docs/protocol.md §2.4). The first request of a channel set is a handshake
 * (no `tt`): the service answers at once with its current cursor `{t, r}`. Each later request sends the previous
 * cursor (`tt`, `tr`); the service holds it open until messages arrive, then answers with the batch and the next
 * cursor. The machine owns that chain; the driver (`loop.ts`) only executes its commands. Rules:
 *
 * 1. One request in flight, ever. Each request and each timer gets a fresh id; an answer whose id is not the
 *    current one (an aborted request, a cancelled timer) is stale and dropped without a trace. An id that was never
 *    issued is a driver bug and throws.
 * 2. A channel-set change (channels, groups, or the `filter-expr` filter) aborts the request in flight and re-handshakes (tt=0) with the new set. If a cursor
 *    exists, the handshake's timetoken is NOT used: the machine resumes from the previous cursor with the
 *    handshake's region, so nothing published before the change is lost (docs/protocol.md §8.2, quirk 18). Messages in a
 *    handshake response are ignored, as current SDKs do (docs/protocol.md §2.4).
 * 3. A long-poll timeout is normal (the client gave up before the service's hold ended): re-poll at once from the
 *    same cursor; no status, no backoff. A handshake is answered at once, so a handshake timeout is a failure.
 * 3a. Pacing: a long-poll answered within `instantPollMs` of being sent, with no message and the same cursor, is
 *    an echo (a broken proxy or service), not a hold. The next poll waits `backoff(emptyRun)` in `waiting` (no
 *    status: nothing failed); any other answer resets the run. Without this, such a service is polled ~1,500
 *    times a second (issue 9 item 6). A cursor of "0" or one without a region is a malformed response (rule 4).
 * 4. Retryable failures (network, 408, 429, 5xx, a non-service body: see `failure.ts`) go to `waiting` for a capped
 *    exponential delay plus jitter (`backoff.ts`: `min(max, base·2^n) + u·jitterMs`, the rule the client option
 *    `retry` documents), then retry with a handshake that resumes from the kept cursor (rule 4c). The first
 *    failure of an outage emits `disconnected { reason: 'failure' }`; the first success after it emits
 *    `reconnected`. `attempt` counts the failures in a row; any success resets it.
 * 4c. A retry after a failure is a handshake, not a poll: the service answers a handshake at once, so
 *    `reconnected` is reported within one retry interval of the service coming back even when nothing is
 *    published (a poll from the kept cursor would be held until the next message, minutes on an idle channel).
 *    The handshake resumes from the kept cursor (rule 2), so nothing is lost.
 * 4a. Retry limit (`retry.maxAttempts`, docs/protocol.md §8.3: the JS event engine gives up after 6 retries): the
 *    retryable failure that brings the run to `maxAttempts` is not retried. It is reported as
 *    `error { error, attempts }` (after `disconnected` when it is also the outage's first failure, as with
 *    `retry: false` = `maxAttempts: 0`), and the machine goes to `stopped` like rule 5, keeping its cursor.
 * 4b. Retry-After: a 429 or 503 whose `Retry-After` (delta-seconds) asks for longer than the backoff gets it
 *    (capped at 5 minutes); the error carries it as `PubnubServiceError.retryAfterMs` (`retry-after.ts`).
 * 5. Fatal failures (400, 403, 404, 413, other 4xx, bugs) are never retried: emit `error`, go to `stopped`, wait
 *    for the caller to fix grants and send `reconnectRequested` or a `subsChanged`.
 * 6. Messages are emitted in wire order, each once: a bounded window of (timetoken, channel, publisher) keys drops
 *    the repeats a resume can bring (`dedupe-window.ts`).
 * 7. `gap`: the service keeps ~20 min / 100 messages per channel for catch-up (docs/protocol.md quirk 18). When the first
 *    success after a break comes more than `catchUpWindowMs` after the last success (by the injected clock), emit
 *    `gap { from, to }` once, right after `reconnected`, so the client can backfill from history (the Node client
 *    does it for subscriptions that opt in, `adapters/node/src/subscribe/backfill.ts`). The gap is reported whatever ended
 *    the break: an outage, a requested disconnect, or a stop after `retry.maxAttempts` (rule 4a).
 * 7a. `gap { reason: 'serviceLost' }`: the first answer after a break shows that the service lost what it had:
 *    its region differs from the kept cursor's, or its cursor is behind the kept one (a restarted service). Then
 *    the client cannot trust the catch-up window at all: `gap { from: kept, to: max(kept, answer) }` is emitted
 *    after `reconnected` whatever the outage's length, and a handshake resumes from the service's own cursor
 *    when the kept one is ahead of it (polling from a cursor the service never reached would skip what it has).
 * 8. An empty channel set ends the session: abort, go `idle`, forget the cursor (a later subscribe starts "now").
 *
 * Transition table (state × event → new state: commands), run as data: `SUBSCRIBE_TABLE` in `subscribe-table.ts`
 * (this summary follows it). "stale" = an id that is not the current one. Any other pairing, and any id never
 * issued, throws a `PubnubStateError` naming state and event.
 *
 *  idle        subsChanged(empty)           → idle:        —
 *  idle        subsChanged(set)             → handshaking: poll(no cursor)
 *  idle        disconnectRequested          → idle:        —
 *  idle        reconnectRequested           → THROWS (nothing to reconnect)
 *  handshaking responseArrived              → receiving:   emit connected | subscriptionChanged | reconnected
 *                                                          [+ gap]; poll(prev cursor tt + new region, or new cursor)
 *  handshaking requestFailed(timeout|retry) → waiting:     [emit disconnected(failure)]; startTimer(backoff)
 *  handshaking requestFailed(timeout|retry), attempts used up
 *                                           → stopped:     [emit disconnected(failure)]; emit error(last, attempts)
 *  handshaking requestFailed(fatal)         → stopped:     emit error
 *  receiving   responseArrived              → receiving:   [emit reconnected [+ gap]]; [emitMessages(fresh, in order)];
 *                                                          poll(new)
 *  receiving   responseArrived(instant, empty, same cursor)
 *                                           → waiting:     startTimer(pace)
 *  receiving   requestFailed(timeout)       → receiving:   poll(same cursor)
 *  receiving   requestFailed(retry)         → waiting:     [emit disconnected(failure)]; startTimer(backoff)
 *  receiving   requestFailed(retry), attempts used up
 *                                           → stopped:     [emit disconnected(failure)]; emit error(last, attempts)
 *  receiving   requestFailed(fatal)         → stopped:     emit error
 *  hs|rcv      subsChanged(same set+filter) → same:        —
 *  hs|rcv      subsChanged(other set/filter)→ handshaking: abort; poll(no cursor)
 *  hs|rcv|wait subsChanged(empty)           → idle:        abort | cancelTimer; emit disconnected(unsubscribed)
 *  hs|rcv      disconnectRequested          → stopped:     abort; emit disconnected(requested)
 *  hs|rcv      reconnectRequested           → same:        — (already connecting or connected)
 *  waiting     timerFired                   → handshaking (after a failure) | receiving (paced): poll(no cursor | kept)
 *  waiting     subsChanged(same set)        → waiting:     —
 *  waiting     subsChanged(other set)       → handshaking: cancelTimer; poll(no cursor) (backoff step kept)
 *  waiting     disconnectRequested          → stopped:     cancelTimer; emit disconnected(requested)
 *  waiting     reconnectRequested           → handshaking | receiving: cancelTimer; poll (retry now)
 *  stopped     subsChanged(empty)           → idle:        —
 *  stopped     subsChanged(set)             → handshaking: poll(no cursor); attempts reset
 *  stopped     disconnectRequested          → stopped:     —
 *  stopped     reconnectRequested           → handshaking: poll(no cursor); attempts reset
 *  any         responseArrived / requestFailed / timerFired (stale) → same: —
 */
import type { MessageIdentity } from './dedupe-window.js';
import type { SubscribeEvent } from './events.js';
import { isStale, runTable } from './machine-kit.js';
import {
  DEFAULT_SUBSCRIBE_OPTIONS,
  type SubscribeInput,
  type SubscribeStep,
  type SubscribeStepContext,
} from './machine-options.js';
import type { SubscribeState } from './state.js';
import { SUBSCRIBE_TABLE } from './subscribe-table.js';

/**
 * Feeds one event to the machine. Pure: the same inputs always give the same output, and `state` is not mutated.
 * A stale id is dropped; otherwise the row of `SUBSCRIBE_TABLE` for the state and event decides.
 * @throws PubnubStateError when the event is not allowed in the state (see the table above), naming both
 */
export function stepSubscribe<M extends MessageIdentity>(
  state: SubscribeState,
  event: SubscribeEvent<M>,
  ctx: SubscribeStepContext,
): SubscribeStep<M> {
  if (isStale('subscribe', state, event)) return { state, commands: [] };
  const input: SubscribeInput = {
    nowMs: ctx.nowMs,
    jitter: ctx.jitter,
    options: ctx.options ?? DEFAULT_SUBSCRIBE_OPTIONS,
  };
  return runTable('subscribe', SUBSCRIBE_TABLE, state, event as SubscribeEvent, input) as SubscribeStep<M>;
}
