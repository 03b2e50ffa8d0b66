/**
 * Message counts (docs/protocol.md §13.3): how many stored messages each channel holds after a timetoken.
 *
 *   GET /v3/history/sub-key/{sub}/message-counts/{channels}?timetoken={tt} | ?channelsTimetoken={tt1,tt2,…}
 *   → {"status":200,"error":false,"error_message":"","channels":{"ch":n,…},"more":{}}
 *
 * 400 for: a bad channel, more than 100 channels, both or neither of `timetoken` and `channelsTimetoken`, a
 * `channelsTimetoken` list whose length is not the number of channels, a value that is not a timetoken. Then read
 * permission on every channel. A count is capped at 10,000, as PubNub's.
 */
import { splitNameList } from '@pubkit/core';
import { parseChannelList } from './channel-names.js';
import type { Handler } from './exchange.js';
import { serviceError } from './reply.js';
import { storageFailure } from './storage-failure.js';
import { REFUSED, timetokenParam } from './storage-params.js';

/** Most channels in one request. */
export const MAX_COUNT_CHANNELS = 100;
/** Largest count reported. */
export const MAX_COUNT = 10_000;

const SERVICE = 'Storage';

/** Answers message counts. */
export const messageCountsHandler: Handler = function messageCounts(ex, services) {
  const { sub = '', channels: list = '' } = ex.params;
  const bad = (message: string) => ex.reply(400, serviceError(400, message, SERVICE));
  const parsed = parseChannelList(list);
  if ('problem' in parsed) return bad(parsed.problem);
  const { channels } = parsed;
  if (channels.length === 0 || channels.length > MAX_COUNT_CHANNELS) {
    return bad(`Message counts take 1 to ${MAX_COUNT_CHANNELS} channels, got ${channels.length}`);
  }
  const single = ex.query.timetoken;
  const perChannel = ex.query.channelsTimetoken;
  if ((single === undefined) === (perChannel === undefined)) {
    return bad('Message counts need exactly one of timetoken and channelsTimetoken');
  }
  let since: bigint[];
  if (single !== undefined) {
    const tt = timetokenParam(ex, 'timetoken', SERVICE);
    if (tt === REFUSED) return;
    since = channels.map(() => tt ?? 0n);
  } else {
    const texts = splitNameList(perChannel ?? '');
    if (texts.length !== channels.length) {
      return bad(`channelsTimetoken has ${texts.length} timetokens for ${channels.length} channels`);
    }
    if (!texts.every((t) => /^\d{1,19}$/.test(t))) return bad('channelsTimetoken must hold timetokens of digits');
    since = texts.map((t) => BigInt(t));
  }
  if (!services.access.check(ex, { subKey: sub, channels, permission: 'r' })) return;
  const nowMs = services.nowMs();
  let counts: string[];
  try {
    counts = channels.map((ch, i) => {
      const n = Math.min(MAX_COUNT, services.store.countMessages(sub, ch, since[i]!, nowMs));
      return `${JSON.stringify(ch)}:${n}`;
    });
  } catch (err) {
    const failure = storageFailure(err, services);
    ex.reply(failure.status, serviceError(failure.status, failure.message, SERVICE));
    return;
  }
  ex.reply(200, `{"status":200,"error":false,"error_message":"","channels":{${counts.join(',')}},"more":{}}`);
};
