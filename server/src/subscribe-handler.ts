/**
 * Subscribe v1 and v2 (docs/protocol.md §2.3, §2.4): parse, authorise, record presence, hand to the registry, format.
 *
 *   v1: GET /subscribe/{sub}/{channels}/{callback}/{tt}[?channel-group]
 *       → [[],"tt"]  ·  [[m…],"tt","c1,c2"]  ·  [[m…],"tt","sub1,…","real1,…"] with groups or wildcards
 *   v2: GET /v2/subscribe/{sub}/{channels}/{callback}?tt&tr&channel-group&heartbeat&state&uuid&filter-expr
 *       → {"t":{"t":"tt","r":1},"m":[envelope…]}
 *
 * The channel segment is decoded before splitting, so `a%2Cb` (3.x) and `a,b` (current) mean the same (quirk 4);
 * `,` alone is "no channels, only groups". Channels may be wildcard patterns (`a.*`, core's `wildcardProblem`);
 * `channel-group` names groups of the registry (`channel-groups.ts`), `g-pnpres` their presence. What a request
 * reaches is in `subscription.ts`. A subscription that reaches nothing (only empty or unknown groups) is a 400, as
 * PubNub answers it. v1 always sends element 2 when the batch is non-empty (Python 3.9 and JS 3.x route by it) —
 * the subscription that matched each message — and element 3, the real channels, when groups or wildcards were
 * asked (quirk 21). v2 envelopes carry the match in `b`. Region is always 1 (quirk 1). `filter-expr` is parsed
 * once per distinct expression (`message-filter.ts`); a syntax error is a 400 naming the position, and messages
 * the filter refuses are skipped (the cursor moves past them).
 */

import { PubnubFilterSyntaxError } from '@pubkit/core';
import { parseChannelList, parseGroupList } from './channel-names.js';
import type { Exchange, Handler, Services } from './exchange.js';
import { messageFilter } from './message-filter.js';
import { serviceError } from './reply.js';
import { SubscribePoll } from './subscribe-poll.js';
import { isEmptyTarget, presenceRooms } from './subscription.js';
import { subscriptionId, subscriptionOf } from './subscription-table.js';
import { readSubscribeCursor, type SubscribeCursor } from './timetoken-source.js';

/** Answers v1 subscribe. */
export const subscribeV1Handler: Handler = function subscribeV1(ex, services) {
  handle(ex, services, 'v1');
};

/** Answers v2 subscribe. */
export const subscribeV2Handler: Handler = function subscribeV2(ex, services) {
  handle(ex, services, 'v2');
};

function handle(ex: Exchange, services: Services, format: 'v1' | 'v2'): void {
  const { sub = '', channels: list = '' } = ex.params;
  const groupParam = ex.query['channel-group'] ?? '';
  // Polls of a subscription already held share it: its text was validated when it was built (subscription-table.ts).
  const id = subscriptionId(sub, list, groupParam);
  let shared = services.registry.subscriptions.find(id);
  let channels: string[] = [];
  let groups: string[] = [];
  if (shared === undefined) {
    const parsed = parseChannelList(list, true);
    if ('problem' in parsed) {
      ex.reply(400, serviceError(400, parsed.problem));
      return;
    }
    const groupList = parseGroupList(groupParam, true);
    if ('problem' in groupList) {
      ex.reply(400, serviceError(400, groupList.problem));
      return;
    }
    channels = parsed.channels;
    groups = groupList.groups;
  }
  const asked = cursorOf(format === 'v1' ? ex.params.tt : ex.query.tt);
  if (asked.kind === 'invalid') {
    ex.reply(400, serviceError(400, 'Invalid timetoken: tt must be 0 or a timetoken of up to 20 digits'));
    return;
  }
  // A cursor from the future (later than any token this server has issued or its clock can issue) would wait for
  // messages that all sort before it: it is answered at once like a handshake, with the current token, so the client
  // resumes from a real position (server/README.md "Subscribe cursor").
  const cursor = asked.kind === 'resume' && asked.value <= services.tokens.horizon() ? asked.value : undefined;
  if (shared === undefined) {
    if (channels.length === 0 && groups.length === 0) {
      ex.reply(400, serviceError(400, 'Subscribe needs at least one channel or channel group'));
      return;
    }
    shared = subscriptionOf(id, sub, channels, groups, services.groups, services.table);
  }
  const expression = ex.query['filter-expr'] ?? '';
  const accept = expression.trim() === '' ? undefined : messageFilter(expression);
  if (accept instanceof PubnubFilterSyntaxError) {
    ex.reply(400, serviceError(400, accept.message));
    return;
  }
  if (!services.access.check(ex, shared.need)) return;
  const target = shared.target;
  if (isEmptyTarget(target, services.groups)) {
    ex.reply(400, serviceError(400, 'Channel group or groups result in empty subscription set'));
    return;
  }

  const uuid = ex.query.uuid === '' ? undefined : ex.query.uuid;
  const rooms = shared.fixedRooms ?? presenceRooms(target, services.groups);
  if (uuid !== undefined) {
    const heartbeat = Number(ex.query.heartbeat);
    services.presence.touch(sub, uuid, rooms, Number.isFinite(heartbeat) ? heartbeat : undefined);
    applyState(services, sub, uuid, rooms, ex.query.state);
  }
  new SubscribePoll(services, ex, shared, format, cursor, accept, uuid, rooms).serve();
}

let lastCursorText: string | undefined;
let lastCursor = readSubscribeCursor(undefined);

/**
 * `readSubscribeCursor`, remembering the last text: polls answered together come back with the same cursor, and
 * then share one parsed value instead of a BigInt each while parked (docs/performance.md §3).
 */
function cursorOf(text: string | undefined): SubscribeCursor {
  if (text !== lastCursorText) {
    lastCursor = readSubscribeCursor(text);
    lastCursorText = text;
  }
  return lastCursor;
}

/**
 * Subscribe/heartbeat `state`: `{"ch": {…}, …}` per channel (docs/protocol.md §2.9). Python 3.9 double-encodes it on
 * subscribe (§8.8), so a value that is not JSON is decoded once more before giving up; non-objects are ignored.
 * Returns false when presence memory is full and some state was not stored.
 */
export function applyState(
  services: Services,
  subKey: string,
  uuid: string,
  channels: readonly string[],
  raw: string | undefined,
): boolean {
  if (raw === undefined || raw === '') return true;
  const parsed = parseObject(raw) ?? (raw.includes('%') ? parseObject(safeDecode(raw)) : undefined);
  if (!parsed) return true;
  let stored = true;
  for (const channel of channels) {
    const state = parsed[channel];
    if (state !== null && typeof state === 'object' && !Array.isArray(state)) {
      stored = services.presence.setState(subKey, uuid, channel, state as Record<string, unknown>) && stored;
    }
  }
  return stored;
}

/** `text` parsed as a JSON object, or undefined when it is not JSON or not an object. */
export function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
