/**
 * One file of a channel (docs/protocol.md §15.5): `/v1/files/{sub}/channels/{ch}/files/{id}/{name}`.
 *
 *   GET    → 307 to a signed storage URL (`Location`), as PubNub redirects to its object store; Access Manager read
 *   DELETE → 200 {"status":200}; Access Manager delete
 *
 * A file that does not exist (wrong id, or a name other than the one it was uploaded under) is 404 with the files
 * error body, for both methods.
 */
import type { Exchange, Handler, Services } from '../exchange.js';
import type { Permission } from '../grant-store.js';
import { reply } from '../reply.js';
import type { StoredFile } from '../storage/file-records.js';
import { storageFailure } from '../storage-failure.js';
import { checkedFilesChannel } from './files-channel.js';
import { filesError } from './files-reply.js';

/** The file a request names, after the channel and Access Manager checks; undefined once answered. */
function findFile(ex: Exchange, services: Services, permission: Permission): StoredFile | undefined {
  const checked = checkedFilesChannel(ex, services, permission);
  if (!checked) return undefined;
  const { sub, ch } = checked;
  const { id = '', name = '' } = ex.params;
  const file = services.files.records.file(sub, ch, id);
  if (!file || file.name !== name) {
    ex.reply(404, filesError(404, 'File not found'));
    return undefined;
  }
  return file;
}

/** Answers GET (download redirect). */
export const downloadFileHandler: Handler = function downloadFile(ex, services) {
  const file = findFile(ex, services, 'r');
  if (!file) return;
  reply(ex.res, 307, '', { Location: services.files.downloadUrl(ex.req, file) });
};

/** Answers DELETE. */
export const deleteFileHandler: Handler = async function deleteFile(ex, services) {
  const file = findFile(ex, services, 'd');
  if (!file) return;
  try {
    await services.files.remove(file);
  } catch (err) {
    const failure = storageFailure(err, services);
    ex.reply(failure.status, filesError(failure.status, failure.message));
    return;
  }
  ex.reply(200, JSON.stringify({ status: 200 }));
};
