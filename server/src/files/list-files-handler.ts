/**
 * `GET /v1/files/{sub}/channels/{ch}/files?limit&next` (docs/protocol.md §15.5): a channel's files, oldest first.
 *
 *   → 200 {"status":200,"data":[{"name","id","size","created"}…],"count":N[,"next":"<token>"]}
 *
 * `limit` is 1–100 (default 100, PubNub's range); `next` is the opaque token of the previous page, present only
 * when more files may follow. Access Manager: read on the channel.
 */
import type { Handler } from '../exchange.js';
import type { FileCursor } from '../storage/file-records.js';
import { checkedFilesChannel } from './files-channel.js';
import { filesError } from './files-reply.js';

/** Most files on one page, and the default. */
export const MAX_FILES_PAGE = 100;

function encodeCursor(c: FileCursor): string {
  return Buffer.from(JSON.stringify([c.createdMs, c.id])).toString('base64url');
}

function decodeCursor(token: string): FileCursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value) || typeof value[0] !== 'number' || typeof value[1] !== 'string') return undefined;
    return { createdMs: value[0], id: value[1] };
  } catch {
    return undefined;
  }
}

/** Answers list files. */
export const listFilesHandler: Handler = function listFiles(ex, services) {
  const checked = checkedFilesChannel(ex, services, 'r');
  if (!checked) return;
  const { sub, ch } = checked;
  const limitText = ex.query.limit;
  const limit = limitText === undefined || limitText === '' ? MAX_FILES_PAGE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FILES_PAGE) {
    ex.reply(400, filesError(400, `limit must be an integer from 1 to ${MAX_FILES_PAGE}`));
    return;
  }
  let after: FileCursor | undefined;
  if (ex.query.next !== undefined && ex.query.next !== '') {
    after = decodeCursor(ex.query.next);
    if (!after) {
      ex.reply(400, filesError(400, 'next is not a token this server issued'));
      return;
    }
  }
  // One more than asked tells whether a next page exists.
  const page = services.files.records.files(sub, ch, limit + 1, after);
  const more = page.length > limit;
  const data = page.slice(0, limit).map((f) => ({
    name: f.name,
    id: f.id,
    size: f.size,
    created: new Date(f.createdMs).toISOString(),
  }));
  const last = data.length > 0 ? page[data.length - 1] : undefined;
  const body: Record<string, unknown> = { status: 200, data, count: data.length };
  if (more && last) body.next = encodeCursor(last);
  ex.reply(200, JSON.stringify(body));
};
