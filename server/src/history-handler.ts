/**
 * History v2 (docs/protocol.md §2.5): `GET /v2/history/sub-key/{sub}/channel/{ch}?count&reverse&start&end&include_token
 * &stringtoken&string_message_token&include_meta` → `[[entries…], startTT, endTT]`.
 *
 * Entries are the raw messages, or `{"message":…,"timetoken":…[,"meta":…]}` objects with `include_token` (or
 * `include_meta`). Timetokens are bare JSON numbers — as production sends them, which a JS `JSON.parse` rounds
 * (quirk 17) — unless `stringtoken` or `string_message_token` asks for strings. Empty history is `[[],0,0]`.
 * `count` is clamped to 1–100 (default 100). Range semantics are in `storage/range.ts`. Read permission applies.
 * A store failure answers 503/507 (`storage-failure.ts`).
 */
import { channelProblem } from './channel-names.js';
import type { Handler } from './exchange.js';
import { serviceError } from './reply.js';
import type { StoredEntry } from './storage/storage.js';
import { storageFailure } from './storage-failure.js';
import { parseCursor } from './timetoken-source.js';

/** Answers history v2. */
export const historyHandler: Handler = function history(ex, services) {
  const { sub = '', ch = '' } = ex.params;
  const problem = channelProblem(ch);
  if (problem) {
    ex.reply(400, serviceError(400, problem, 'Storage'));
    return;
  }
  if (!services.access.check(ex, { subKey: sub, channels: [ch], permission: 'r' })) return;

  const q = ex.query;
  const asked = Number.parseInt(q.count ?? '', 10);
  const count = Number.isFinite(asked) ? Math.min(100, Math.max(1, asked)) : 100;
  const nowMs = services.nowMs();
  let entries: StoredEntry[];
  try {
    entries = services.store.messages(
      sub,
      ch,
      { count, reverse: q.reverse === 'true', start: parseCursor(q.start), end: parseCursor(q.end) },
      nowMs,
    );
  } catch (err) {
    const failure = storageFailure(err, services);
    ex.reply(failure.status, serviceError(failure.status, failure.message, 'Storage'));
    return;
  }
  if (entries.length === 0) {
    ex.reply(200, '[[],0,0]');
    return;
  }

  const strings = q.stringtoken === 'true' || q.string_message_token === 'true';
  const token = (e: StoredEntry) => (strings ? `"${e.tt}"` : String(e.tt));
  const withToken = q.include_token === 'true';
  const withMeta = q.include_meta === 'true';
  const items = entries.map((e) => {
    const meta = withMeta && e.meta !== undefined ? `,"meta":${e.meta}` : '';
    if (!withToken && meta === '') return e.payload;
    return `{"message":${e.payload}${withToken ? `,"timetoken":${token(e)}` : ''}${meta}}`;
  });
  ex.reply(200, `[[${items.join(',')}],${token(entries[0]!)},${token(entries[entries.length - 1]!)}]`);
};
