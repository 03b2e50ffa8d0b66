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
import { envelopeFor } from './message-queue.js';
import { serviceError } from './reply.js';
import type { Delivery } from './subscribe-registry.js';
import { isEmptyTarget, presenceRooms, sourcesOf, targetOf, watchKeys } from './subscription.js';
import { readSubscribeCursor } from './timetoken-source.js';

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
  const parsed = parseChannelList(list, true);
  if ('problem' in parsed) {
    ex.reply(400, serviceError(400, parsed.problem));
    return;
  }
  const groupList = parseGroupList(ex.query['channel-group'] ?? '', true);
  if ('problem' in groupList) {
    ex.reply(400, serviceError(400, groupList.problem));
    return;
  }
  const asked = readSubscribeCursor(format === 'v1' ? ex.params.tt : ex.query.tt);
  if (asked.kind === 'invalid') {
    ex.reply(400, serviceError(400, 'Invalid timetoken: tt must be 0 or a timetoken of up to 20 digits'));
    return;
  }
  // A cursor from the future (later than any token this server has issued or its clock can issue) would wait for
  // messages that all sort before it: it is answered at once like a handshake, with the current token, so the client
  // resumes from a real position (server/README.md "Subscribe cursor").
  const cursor = asked.kind === 'resume' && asked.value <= services.tokens.horizon() ? asked.value : undefined;
  const target = targetOf(sub, parsed.channels, groupList.groups);
  if (parsed.channels.length === 0 && groupList.groups.length === 0) {
    ex.reply(400, serviceError(400, 'Subscribe needs at least one channel or channel group'));
    return;
  }
  const expression = ex.query['filter-expr'] ?? '';
  const accept = expression.trim() === '' ? undefined : messageFilter(expression);
  if (accept instanceof PubnubFilterSyntaxError) {
    ex.reply(400, serviceError(400, accept.message));
    return;
  }
  const need = { subKey: sub, channels: parsed.channels, groups: groupList.groups, permission: 'r' } as const;
  if (!services.access.check(ex, need)) return;
  if (isEmptyTarget(target, services.groups)) {
    ex.reply(400, serviceError(400, 'Channel group or groups result in empty subscription set'));
    return;
  }

  const uuid = ex.query.uuid === '' ? undefined : ex.query.uuid;
  const rooms = presenceRooms(target, services.groups);
  if (uuid !== undefined) {
    const heartbeat = Number(ex.query.heartbeat);
    services.presence.touch(sub, uuid, rooms, Number.isFinite(heartbeat) ? heartbeat : undefined);
    applyState(services, sub, uuid, rooms, ex.query.state);
  }

  const routed = target.groups.length > 0 || target.patterns.length > 0;
  const parked = services.registry.serve({
    keys: watchKeys(target),
    sources: () => sourcesOf(target, services.groups, services.table),
    cursor,
    accept,
    recheck: () => services.access.recheck(ex, need),
    answer: (deliveries, cursor) =>
      ex.reply(200, format === 'v1' ? v1Body(deliveries, cursor, routed) : v2Body(deliveries, cursor)),
    finished: uuid === undefined ? undefined : () => services.presence.unpark(sub, uuid, rooms),
  });
  if (!parked) return;
  if (uuid !== undefined) services.presence.park(sub, uuid, rooms);
  // A client that goes away while parked is forgotten at once (issue 3: "cleaned up").
  ex.res.on('close', () => services.registry.cancel(parked));
  if (ex.res.destroyed) services.registry.cancel(parked);
}

/** The v2 response body (docs/protocol.md §2.4); each envelope's `b` names the subscription that matched. */
export function v2Body(deliveries: readonly Delivery[], cursor: string): string {
  let body = `{"t":{"t":"${cursor}","r":1},"m":[`;
  for (let i = 0; i < deliveries.length; i++) {
    const d = deliveries[i]!;
    body += (i === 0 ? '' : ',') + envelopeFor(d.message, d.match);
  }
  return `${body}]}`;
}

/**
 * The v1 response body (docs/protocol.md §2.3): element 2 the subscriptions that matched, element 3 the real
 * channels when the request used groups or wildcards (`routed`).
 */
export function v1Body(deliveries: readonly Delivery[], cursor: string, routed: boolean): string {
  if (deliveries.length === 0) return `[[],"${cursor}"]`;
  const matches = JSON.stringify(deliveries.map((d) => d.match).join(','));
  const channels = JSON.stringify(deliveries.map((d) => d.message.channel).join(','));
  const payloads = deliveries.map((d) => d.message.payload).join(',');
  return `[[${payloads}],"${cursor}",${routed ? `${matches},${channels}` : channels}]`;
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
