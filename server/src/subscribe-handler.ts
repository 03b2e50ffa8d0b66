/**
 * Subscribe v1 and v2 (docs/protocol.md §2.3, §2.4): parse, authorise, record presence, hand to the registry, format.
 *
 *   v1: GET /subscribe/{sub}/{channels}/{callback}/{tt}
 *       → [[],"tt"]  ·  [[m…],"tt","c1,c2"]  ·  [[m…],"tt","sub1,…","real1,…"] when channel groups were asked
 *   v2: GET /v2/subscribe/{sub}/{channels}/{callback}?tt&tr&channel-group&heartbeat&state&uuid
 *       → {"t":{"t":"tt","r":1},"m":[envelope…]}
 *
 * The channel segment is decoded before splitting, so `a%2Cb` (3.x) and `a,b` (current) mean the same (quirk 4);
 * `,` alone is "no channels, only groups". Channel groups are not implemented: a group subscribes to nothing, but
 * is accepted so that clients using them still run. v1 always sends element 2 when the batch is non-empty (Python
 * 3.9 and JS 3.x route by it) and element 3 when groups were asked (quirk 21); the subscription match equals the
 * channel because groups and wildcards never match here. Region is always 1 (quirk 1). `filter-expr` is ignored.
 */

import { splitNameList } from '@pubkit/core';
import { parseChannelList } from './channel-names.js';
import { channelKey } from './channel-table.js';
import type { Exchange, Handler, Services } from './exchange.js';
import type { StoredMessage } from './message-queue.js';
import { serviceError } from './reply.js';
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
  const parsed = parseChannelList(list);
  if ('problem' in parsed) {
    ex.reply(400, serviceError(400, parsed.problem));
    return;
  }
  const { channels } = parsed;
  const asked = readSubscribeCursor(format === 'v1' ? ex.params.tt : ex.query.tt);
  if (asked.kind === 'invalid') {
    ex.reply(400, serviceError(400, 'Invalid timetoken: tt must be 0 or a timetoken of up to 20 digits'));
    return;
  }
  // A cursor from the future (later than any token this server has issued or its clock can issue) would wait for
  // messages that all sort before it: it is answered at once like a handshake, with the current token, so the client
  // resumes from a real position (server/README.md "Subscribe cursor").
  const cursor = asked.kind === 'resume' && asked.value <= services.tokens.horizon() ? asked.value : undefined;
  const groups = splitNameList(ex.query['channel-group'] ?? '');
  if (channels.length === 0 && groups.length === 0) {
    ex.reply(400, serviceError(400, 'Subscribe needs at least one channel or channel group'));
    return;
  }
  if (!services.access.check(ex, { subKey: sub, channels, permission: 'r' })) return;

  const uuid = ex.query.uuid === '' ? undefined : ex.query.uuid;
  if (uuid !== undefined) {
    const heartbeat = Number(ex.query.heartbeat);
    services.presence.touch(sub, uuid, channels, Number.isFinite(heartbeat) ? heartbeat : undefined);
    applyState(services, sub, uuid, channels, ex.query.state);
  }

  const withGroups = groups.length > 0;
  const parked = services.registry.serve({
    keys: channels.map((ch) => channelKey(sub, ch)),
    cursor,
    recheck: () => services.access.recheck(ex, { subKey: sub, channels, permission: 'r' }),
    answer: (messages, cursor) =>
      ex.reply(200, format === 'v1' ? v1Body(messages, cursor, withGroups) : v2Body(messages, cursor)),
    finished: uuid === undefined ? undefined : () => services.presence.unpark(sub, uuid, channels),
  });
  if (!parked) return;
  if (uuid !== undefined) services.presence.park(sub, uuid, channels);
  // A client that goes away while parked is forgotten at once (issue 3: "cleaned up").
  ex.res.on('close', () => services.registry.cancel(parked));
  if (ex.res.destroyed) services.registry.cancel(parked);
}

/** The v2 response body (docs/protocol.md §2.4). */
export function v2Body(messages: readonly StoredMessage[], cursor: string): string {
  let body = `{"t":{"t":"${cursor}","r":1},"m":[`;
  for (let i = 0; i < messages.length; i++) body += (i === 0 ? '' : ',') + messages[i]!.envelope;
  return `${body}]}`;
}

/** The v1 response body (docs/protocol.md §2.3). */
export function v1Body(messages: readonly StoredMessage[], cursor: string, withGroups: boolean): string {
  if (messages.length === 0) return `[[],"${cursor}"]`;
  const channels = JSON.stringify(messages.map((m) => m.channel).join(','));
  const payloads = messages.map((m) => m.payload).join(',');
  return `[[${payloads}],"${cursor}",${channels}${withGroups ? `,${channels}` : ''}]`;
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
