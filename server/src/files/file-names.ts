/**
 * The file-name rule of the files endpoints (docs/protocol.md §15.1). A name is what the uploader calls the file
 * and what a downloader gets back; the server never uses it as a path (bodies are keyed by id), but a name with a
 * path separator would become one in whoever saves the download under it, so such names are refused with 400
 * and nothing is stored.
 */
import { utf8Length } from '@pubkit/core';

/** Longest file name, in UTF-8 bytes (a common file-system limit). */
export const MAX_FILE_NAME_BYTES = 255;

/** Why a file name is refused, or undefined. */
export function fileNameProblem(name: string): string | undefined {
  if (name === '') return "File name can't be empty";
  if (/[/\\]/.test(name)) return 'File name must not contain a path separator (/ or \\)';
  if (name === '.' || name === '..') return 'File name must not be . or ..';
  if (/[\u0000-\u001f\u007f]/u.test(name)) return 'File name must not contain control characters';
  if (utf8Length(name) > MAX_FILE_NAME_BYTES) return `File name is longer than ${MAX_FILE_NAME_BYTES} bytes`;
  return undefined;
}
