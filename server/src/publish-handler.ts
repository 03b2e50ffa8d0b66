/**
 * Publish and signal (docs/protocol.md §2.2).
 *
 *   GET  /publish/{pub}/{sub}/{sig}/{ch}/{callback}/{json}?store&norep&ttl&meta&seqn&uuid&custom_message_type
 *   POST /publish/{pub}/{sub}/{sig}/{ch}/{callback}?…       body: the JSON (identity, deflate or gzip)
 *   GET  /signal/{pub}/{sub}/{sig}/{ch}/{callback}/{json}
 *   → 200 [1,"Sent","<tt>"]
 *
 * Checks, in order, each with the body docs/protocol.md §5 gives: unknown subscribe key (400 Access Manager JSON), wrong
 * publish key in keyset mode (400 `[0,"Invalid Key",tt]`), bad channel (400 `[0,"Invalid Character in Channel
 * Name",tt]`, also for names over 92 characters), PAM write (403), message over 32 KiB (413
 * `[0,"Request Entity Too Large"]`, by GET too — the router leaves over-long publish URIs to this handler),
 * URI over 32 KiB (414), message or meta not JSON (400 `[0,"Invalid JSON",tt]`). The `{sig}` segment
 * (pre-PAM MD5 signature, §6.5) and `norep` are accepted and ignored; the callback segment is ignored (no JSONP).
 * A stored publish is answered once the store committed it; a store failure answers 503 (locked) or 507 (full)
 * with the publish error body (docs/protocol.md §13.1).
 */
import { MAX_MESSAGE_BYTES, utf8Length } from '@pubkit/core';
import { channelProblem } from './channel-names.js';
import type { Exchange, Handler, Services } from './exchange.js';
import { isJsonText } from './json-text.js';
import { FILE_MESSAGE_TYPE } from './message-bus.js';
import { publishError, serviceError } from './reply.js';
import { MAX_URI_LENGTH } from './router.js';
import { COMMITTED } from './storage/storage.js';
import { storageFailure } from './storage-failure.js';

/** PubNub's rule for `custom_message_type` (docs/protocol.md §13.7): 3–50 letters, digits, `-`, `_`, not led by `-`, `_`, `pn`. */
const CUSTOM_MESSAGE_TYPE = /^(?!pn|PN|Pn|pN)[A-Za-z0-9][A-Za-z0-9_-]{2,49}$/;

/** Answers publish (GET and POST). */
export const publishHandler: Handler = function publish(ex, services) {
  return handlePublish(ex, services, 'message');
};

/** Answers signal. */
export const signalHandler: Handler = function signal(ex, services) {
  return handlePublish(ex, services, 'signal');
};

/**
 * What a publish-like request publishes: a message (`e` absent), a signal (`e: 1`, never stored) or a file
 * message (`e: 4`, stored with message type 4; docs/protocol.md §15.4).
 */
export type PublishKind = 'message' | 'signal' | 'file';

/**
 * The one publish path, shared by publish, signal and publish-file: the same checks and answers. Synchronous when
 * the store committed at once (the memory store): no promise per publish (docs/performance.md §3, publish ingest).
 */
export function handlePublish(ex: Exchange, services: Services, kind: PublishKind): void | Promise<void> {
  const { pub = '', sub = '', ch = '' } = ex.params;
  const keyset = services.access.keyset(sub);
  if (keyset && !services.access.devMode && keyset.publishKey !== pub) {
    fail(ex, services, 400, 'Invalid Key');
    return;
  }
  if (keyset) {
    const problem = channelProblem(ch);
    if (problem) {
      fail(ex, services, 400, problem);
      return;
    }
  }
  if (!services.access.checkChannel(ex, sub, ch, 'w')) return;

  const text = (ex.method === 'POST' && ex.params.msg === undefined ? (ex.body ?? '') : (ex.params.msg ?? '')).trim();
  // A UTF-16 unit is at most 3 UTF-8 bytes: only a long text needs its bytes counted.
  if (text.length > MAX_MESSAGE_BYTES / 3 && utf8Length(text) > MAX_MESSAGE_BYTES) {
    ex.reply(413, publishError('Request Entity Too Large'));
    return;
  }
  if ((ex.req.url ?? '').length > MAX_URI_LENGTH) {
    ex.reply(414, serviceError(414, `URI Too Long: the limit is ${MAX_URI_LENGTH} bytes (32 KiB)`));
    return;
  }
  if (!isJsonText(text)) {
    fail(ex, services, 400, 'Invalid JSON');
    return;
  }
  const meta = ex.query.meta?.trim();
  if (meta !== undefined && meta !== '' && !isJsonText(meta)) {
    fail(ex, services, 400, 'Invalid JSON');
    return;
  }

  const customType = ex.query.custom_message_type;
  if (customType !== undefined && customType !== '' && !CUSTOM_MESSAGE_TYPE.test(customType)) {
    fail(ex, services, 400, 'Invalid Custom Message Type');
    return;
  }
  const store = !(ex.query.store === '0' || ex.query.store === 'false');
  const ttl = Number(ex.query.ttl);
  const seqn = Number(ex.query.seqn);
  const { timetoken, committed } = services.bus.publish({
    subKey: sub,
    channel: ch,
    payload: text,
    meta: meta === '' ? undefined : meta,
    publisher: ex.query.uuid === '' ? undefined : ex.query.uuid,
    seqn: Number.isSafeInteger(seqn) && ex.query.seqn !== '' ? seqn : undefined,
    customType: ex.query.custom_message_type === '' ? undefined : ex.query.custom_message_type,
    store,
    signal: kind === 'signal',
    eventType: kind === 'file' ? FILE_MESSAGE_TYPE : undefined,
    ttlHours: Number.isFinite(ttl) && ttl > 0 ? ttl : undefined,
  });
  if (committed === COMMITTED) {
    ex.reply(200, `[1,"Sent","${timetoken}"]`);
    return;
  }
  return acknowledge(ex, services, timetoken, committed);
}

/** Answers once the store made the message durable (docs/protocol.md §13.1); a store failure is a 5xx. */
async function acknowledge(ex: Exchange, services: Services, timetoken: string, committed: Promise<void>) {
  try {
    await committed;
  } catch (err) {
    const failure = storageFailure(err, services);
    ex.reply(failure.status, publishError(failure.message, timetoken));
    return;
  }
  ex.reply(200, `[1,"Sent","${timetoken}"]`);
}

/** A publish error answer `[0,"<message>","<tt>"]` with a fresh timetoken (docs/protocol.md §5). */
function fail(ex: Exchange, services: Services, status: number, message: string): void {
  ex.reply(status, publishError(message, services.tokens.next().text));
}
