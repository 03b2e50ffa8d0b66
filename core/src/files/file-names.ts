/**
 * What names a file call takes, and the path every per-file endpoint shares (docs/protocol.md §15):
 *
 *   /v1/files/{sub}/channels/{channel}/files/{id}/{name}
 *
 * A file name is a name, never a path: one with `/` or `\` is refused here (the server refuses it too), because
 * a storage key or a download written to disk under such a name could leave its folder. Ids are opaque strings the
 * service issued; they are checked only for what would break the path.
 */
import type { RequestContext } from '../context.js';
import { encodeComponent } from '../encoding.js';
import { PubnubValidationError } from '../errors.js';
import { requireKey } from '../operations/common.js';
import type { Operation } from '../request.js';
import { utf8Length, validateChannel } from '../validation.js';

/** Longest file name, in UTF-8 bytes (what common file systems and object stores allow for one name). */
export const MAX_FILE_NAME_BYTES = 255;

/** Names a stored file: the id the service gave it and its name. */
export interface FileRef {
  /** The channel the file was shared on. */
  readonly channel: string;
  /** The id `sendFile` / `generate-upload-url` returned. */
  readonly id: string;
  /** The file's name. */
  readonly name: string;
}

// Control characters would break a form header or a log line; separators would make a name a path.
const FORBIDDEN_NAME_CHARS = /[/\\\u0000-\u001f\u007f]/u;

/**
 * Checks a file name: a non-empty string of at most 255 UTF-8 bytes, no `/`, `\` or control character, not `.`
 * or `..`.
 * @throws PubnubValidationError naming `field`
 * @default field 'name'
 */
export function validateFileName(name: unknown, operation: Operation, field = 'name'): string {
  if (typeof name !== 'string' || name === '') {
    throw new PubnubValidationError(field, `${field} must be a non-empty string`, { operation });
  }
  if (FORBIDDEN_NAME_CHARS.test(name) || name === '.' || name === '..') {
    throw new PubnubValidationError(
      field,
      `${field} must be a file name, not a path: no "/", "\\" or control characters`,
      { operation },
    );
  }
  if (utf8Length(name) > MAX_FILE_NAME_BYTES) {
    throw new PubnubValidationError(field, `${field} is longer than ${MAX_FILE_NAME_BYTES} UTF-8 bytes`, {
      operation,
    });
  }
  return name;
}

/**
 * Checks a file id: a non-empty string without `/`, `\`, `?`, `#` or control characters.
 * @throws PubnubValidationError naming `field`
 * @default field 'id'
 */
export function validateFileId(id: unknown, operation: Operation, field = 'id'): string {
  if (typeof id !== 'string' || id === '' || id.length > 256 || /[/\\?#\u0000-\u001f\u007f]/u.test(id)) {
    throw new PubnubValidationError(field, `${field} must be a file id as the service returned it`, { operation });
  }
  return id;
}

/** `/v1/files/{sub}/channels/{channel}`, checked and encoded. */
export function channelFilesPath(ctx: RequestContext, channel: unknown, operation: Operation): string {
  const name = validateChannel(channel);
  return `/v1/files/${encodeComponent(requireKey(ctx, 'subscribeKey', operation))}/channels/${encodeComponent(name)}`;
}

/**
 * `/v1/files/{sub}/channels/{channel}/files/{id}/{name}`: the path of download, delete and the file URL.
 * @throws PubnubValidationError for a bad channel, id or name, or no subscribe key
 */
export function fileResourcePath(ctx: RequestContext, ref: FileRef, operation: Operation): string {
  const id = validateFileId(ref.id, operation);
  const name = validateFileName(ref.name, operation);
  return `${channelFilesPath(ctx, ref.channel, operation)}/files/${encodeComponent(id)}/${encodeComponent(name)}`;
}
