/**
 * Errors of the storage endpoint in the form the S3-style store PubNub uses answers them (docs/protocol.md §15.3):
 * an XML `<Error>` with `Code` and `Message` on one line each. Clients read the message out of `<Message>`
 * (pubnub@7.3.3 puts it into "Upload to bucket failed: …"), so it is kept free of markup.
 */
import type { ServerResponse } from 'node:http';
import { reply } from '../reply.js';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The XML body of a storage error; `extra` adds elements such as `MaxSizeAllowed`. */
export function storageErrorXml(code: string, message: string, extra: Record<string, string | number> = {}): string {
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>`;
  for (const [name, value] of Object.entries(extra)) xml += `<${name}>${escapeXml(String(value))}</${name}>`;
  return `${xml}</Error>`;
}

/**
 * The content type of storage errors: `text/xml` (RFC 7303's other name for XML) rather than `application/xml`,
 * so HTTP clients that keep text only for `text/*` (superagent, under pubnub@7.3.3) keep the body, and the SDK's
 * error carries the `<Message>` instead of a bare "Upload to bucket failed."
 */
export const STORAGE_ERROR_TYPE = 'text/xml; charset=utf-8';

/** Sends a storage error with the common headers. */
export function replyStorageError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra?: Record<string, string | number>,
): void {
  reply(res, status, storageErrorXml(code, message, extra), { 'Content-Type': STORAGE_ERROR_TYPE });
}
