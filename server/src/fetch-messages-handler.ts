/**
 * Fetch messages, history v3 (docs/protocol.md §13.2): many channels, with meta, publisher, message types and,
 * on the with-actions variant, each message's actions and a `more` link.
 *
 *   GET /v3/history/sub-key/{sub}/channel/{channels}?max&start&end&include_meta&include_uuid
 *       &include_message_type&include_custom_message_type
 *   GET /v3/history-with-actions/sub-key/{sub}/channel/{ch}?…
 *
 * Limits, in order, each a 400 with nothing read: more than 500 channels; actions for more than one channel; a bad
 * channel name; a `start`/`end` that is not a timetoken; a `max` that is not a positive integer (a larger one is
 * clamped to 100 for one channel, 25 per channel otherwise and with actions). Then read permission on every
 * channel. Texts are spliced as stored, so 17-digit timetokens never pass through a JS number.
 */
import { parseChannelList } from './channel-names.js';
import type { Exchange, Handler, Services } from './exchange.js';
import { serviceError } from './reply.js';
import type { StoredAction, StoredEntry } from './storage/storage.js';
import { storageFailure } from './storage-failure.js';
import { countParam, REFUSED, rangeParams } from './storage-params.js';

/** Most channels in one request. */
export const MAX_FETCH_CHANNELS = 500;
/** Most messages for one channel. */
export const MAX_FETCH_ONE = 100;
/** Most messages per channel for several channels, and with actions. */
export const MAX_FETCH_MANY = 25;

const SERVICE = 'Storage';

/** Answers `/v3/history` (GET). */
export const fetchMessagesHandler: Handler = function fetchMessages(ex, services) {
  answer(ex, services, false);
};

/** Answers `/v3/history-with-actions`. */
export const fetchWithActionsHandler: Handler = function fetchWithActions(ex, services) {
  answer(ex, services, true);
};

function answer(ex: Exchange, services: Services, withActions: boolean): void {
  const { sub = '', channels: list = '' } = ex.params;
  const parsed = parseChannelList(list);
  if ('problem' in parsed) {
    ex.reply(400, serviceError(400, parsed.problem, SERVICE));
    return;
  }
  const { channels } = parsed;
  if (channels.length === 0 || channels.length > MAX_FETCH_CHANNELS) {
    ex.reply(
      400,
      serviceError(400, `Fetch messages takes 1 to ${MAX_FETCH_CHANNELS} channels, got ${channels.length}`, SERVICE),
    );
    return;
  }
  if (withActions && channels.length > 1) {
    ex.reply(400, serviceError(400, 'History with actions takes exactly one channel', SERVICE));
    return;
  }
  const limit = channels.length > 1 || withActions ? MAX_FETCH_MANY : MAX_FETCH_ONE;
  const max = countParam(ex, 'max', limit, limit, SERVICE);
  if (max === REFUSED) return;
  const range = rangeParams(ex, SERVICE);
  if (range === REFUSED) return;
  if (!services.access.check(ex, { subKey: sub, channels, permission: 'r' })) return;

  const q = ex.query;
  const flags = {
    meta: q.include_meta === 'true',
    uuid: q.include_uuid === 'true',
    type: q.include_message_type === 'true',
    customType: q.include_custom_message_type === 'true',
  };
  const nowMs = services.nowMs();
  const parts: string[] = [];
  let more = '';
  try {
    for (const channel of channels) {
      const entries = services.store.messages(sub, channel, { count: max, ...range }, nowMs);
      if (entries.length === 0) continue;
      const actions = withActions
        ? groupActions(
            services.store.actionsOf(
              sub,
              channel,
              entries.map((e) => e.tt),
            ),
          )
        : undefined;
      const items = entries.map((e) => entryJson(e, flags, actions));
      parts.push(`${JSON.stringify(channel)}:[${items.join(',')}]`);
      if (withActions && entries.length === max) more = moreJson(ex, sub, channel, entries[0]!.tt, max);
    }
  } catch (err) {
    const failure = storageFailure(err, services);
    ex.reply(failure.status, serviceError(failure.status, failure.message, SERVICE));
    return;
  }
  ex.reply(200, `{"status":200,"error":false,"error_message":"","channels":{${parts.join(',')}}${more}}`);
}

interface Flags {
  readonly meta: boolean;
  readonly uuid: boolean;
  readonly type: boolean;
  readonly customType: boolean;
}

function entryJson(e: StoredEntry, flags: Flags, actions: Map<bigint, string> | undefined): string {
  let json = `{"message":${e.payload},"timetoken":"${e.tt}"`;
  if (flags.meta) json += `,"meta":${e.meta ?? '""'}`;
  if (flags.uuid && e.publisher !== undefined) json += `,"uuid":${JSON.stringify(e.publisher)}`;
  if (flags.type) json += `,"message_type":${e.messageType === 0 ? 'null' : e.messageType}`;
  if (flags.customType && e.customType !== undefined) json += `,"custom_message_type":${JSON.stringify(e.customType)}`;
  if (actions) json += `,"actions":${actions.get(e.tt) ?? '{}'}`;
  return `${json}}`;
}

/** Actions per message as the `actions` JSON: `{type: {value: [{uuid, actionTimetoken}]}}`. */
function groupActions(actions: readonly StoredAction[]): Map<bigint, string> {
  const byMessage = new Map<bigint, Record<string, Record<string, { uuid: string; actionTimetoken: string }[]>>>();
  for (const a of actions) {
    // Null-prototype objects: a type or value named `__proto__` is data here, not a prototype.
    const types = byMessage.get(a.messageTt) ?? Object.create(null);
    byMessage.set(a.messageTt, types);
    const values = types[a.type] ?? Object.create(null);
    types[a.type] = values;
    const list = values[a.value] ?? [];
    values[a.value] = list;
    list.push({ uuid: a.uuid, actionTimetoken: String(a.actionTt) });
  }
  return new Map([...byMessage].map(([tt, types]) => [tt, JSON.stringify(types)]));
}

/** The `more` object: the same request, continuing before the oldest message of this page. */
function moreJson(ex: Exchange, sub: string, channel: string, oldest: bigint, max: number): string {
  const query = new URLSearchParams({ ...ex.query, start: String(oldest), max: String(max) });
  for (const key of ['signature', 'timestamp', 'auth']) query.delete(key);
  const url = `/v3/history-with-actions/sub-key/${encodeURIComponent(sub)}/channel/${encodeURIComponent(channel)}?${query}`;
  return `,"more":${JSON.stringify({ url, start: String(oldest), max })}`;
}
