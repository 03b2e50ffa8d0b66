/**
 * Subscribe v1 responses, the format the 3.x SDKs and a v1-speaking server use (docs/protocol.md §2.3). pubkit sends v2;
 * this parser exists so the server's v1 output and recorded 3.x traffic can be read into the same
 * `SubscribeResult` shape.
 *
 * The body has 2, 3 or 4 elements (quirk 21):
 *   [[m…], "tt"]                          single channel: every message is on the first requested channel
 *   [[m…], "tt", "c1,c1,c2"]              one channel per message, in order
 *   [[m…], "tt", "sub1,…", "real1,…"]     group or wildcard: element 2 the subscription, element 3 the channel
 * v1 carries no per-message timetoken, publisher or region: each envelope gets the batch timetoken and region 1.
 */
import { decodeMessage } from '../cipher/payload.js';
import type { MessageCipher } from '../context.js';
import type { PnResponse } from '../request.js';
import { malformed, readJson } from '../response.js';
import { readTimetoken } from './common.js';
import { eventTypeOf, type SubscribeEnvelope, type SubscribeResult } from './subscribe.js';

const V1_REGION = 1;

/**
 * Parses a v1 subscribe response.
 * @param requestedChannels the channels the request named, in order: the 2-element form attributes every message
 *   to the first of them
 * @param cipher decrypts messages; presence events (`-pnpres` channels) are left as sent
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response
 * @throws PubnubMalformedResponseError for a body that is not one of the three forms, or channel lists whose
 *   length differs from the number of messages
 */
export function parseSubscribeV1(
  res: PnResponse,
  requestedChannels: readonly string[],
  cipher?: MessageCipher,
): SubscribeResult {
  const json = readJson(res, 'subscribe');
  const expected = 'a body of the form [[messages], "<timetoken>"(, "channels"(, "channels"))]';
  if (!Array.isArray(json) || json.length < 2 || json.length > 4 || !Array.isArray(json[0])) {
    return malformed(res, 'subscribe', expected);
  }
  const timetoken = readTimetoken(json[1]);
  if (timetoken === undefined) return malformed(res, 'subscribe', expected);
  const payloads: unknown[] = json[0];
  const listed = json.slice(2).map((csv) => (typeof csv === 'string' ? csv.split(',') : undefined));
  if (listed.some((names) => names === undefined || (payloads.length > 0 && names.length !== payloads.length))) {
    return malformed(res, 'subscribe', 'one channel per message in elements 2 and 3');
  }
  const [subscriptions, actual] = listed.length === 2 ? listed : [listed[0], listed[0]];
  const messages = payloads.map((payload, i): SubscribeEnvelope => {
    const channel = actual?.[i] ?? requestedChannels[0];
    if (channel === undefined || channel === '') {
      return malformed(res, 'subscribe', 'a channel for every message (none was requested or listed)');
    }
    const eventType = eventTypeOf(undefined, channel);
    const decoded = eventType === 'message' ? decodeMessage(payload, cipher) : { message: payload };
    return {
      channel,
      subscription: subscriptions?.[i] ?? channel,
      timetoken,
      region: V1_REGION,
      message: decoded.message,
      eventType,
      ...(decoded.error !== undefined ? { error: decoded.error } : {}),
    };
  });
  return { cursor: { timetoken, region: V1_REGION }, messages };
}
