/**
 * Delete messages (docs/protocol.md §13.4).
 *
 *   DELETE /v3/history/sub-key/{sub}/channel/{ch}?[start][&end]&timestamp&signature
 *   → {"status":200,"error":false,"error_message":""}
 *
 * On a keyset with a secret key the request must be signed (a grant does not allow it: only the holder of the
 * secret deletes history); a missing or wrong signature is 403, a stale timestamp 400. On a keyset without a secret
 * (and in dev mode) deletion is open. Then 400 for a bad channel or bound. The messages in the range are deleted
 * once the store committed; a store failure is a 5xx with nothing deleted.
 */
import { channelProblem } from './channel-names.js';
import type { Handler } from './exchange.js';
import { serviceError } from './reply.js';
import { storageFailure } from './storage-failure.js';
import { REFUSED, rangeParams } from './storage-params.js';

const SERVICE = 'Storage';

/** Answers `DELETE /v3/history/…`. */
export const deleteMessagesHandler: Handler = async function deleteMessages(ex, services) {
  const { sub = '', channels: ch = '' } = ex.params;
  if (!services.access.admin(ex, sub)) return;
  const problem = channelProblem(ch);
  if (problem || ch.includes(',')) {
    ex.reply(400, serviceError(400, problem ?? 'Delete messages takes exactly one channel', SERVICE));
    return;
  }
  const range = rangeParams(ex, SERVICE);
  if (range === REFUSED) return;
  try {
    await services.store.deleteMessages(sub, ch, range);
  } catch (err) {
    const failure = storageFailure(err, services);
    ex.reply(failure.status, serviceError(failure.status, failure.message, SERVICE));
    return;
  }
  ex.reply(200, '{"status":200,"error":false,"error_message":""}');
};
