/**
 * Reading a request body: identity, `deflate` (zlib, or raw deflate as some clients send) and `gzip`
 * (docs/protocol.md §1.5, quirk 6). JS 3.x posts raw JSON with no content type at all, so the content type is ignored.
 *
 * Why limits on both sides of the decompressor: a publish body is at most 32 KiB of JSON; reading stops past
 * `maxBytes` on the wire, and inflation stops past `maxBytes` of output (a small compressed bomb cannot expand
 * into memory). The decoded bytes must be valid UTF-8: a lossy decode would store U+FFFD in place of what was sent.
 */

import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/** Why a body could not be read. */
export type BodyFailure = 'too-large' | 'bad-encoding' | 'bad-utf8' | 'aborted';

/** The decoded body, or why not. */
export type BodyResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly why: BodyFailure };

/** Reads and decodes the whole body of `req`, refusing more than `maxBytes` before or after decompression. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        // Keep draining so the response can still be written on this connection.
        chunks.length = 0;
        settle({ ok: false, why: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle(decode(Buffer.concat(chunks), req.headers['content-encoding'], maxBytes)));
    req.on('error', () => settle({ ok: false, why: 'aborted' }));
    req.on('close', () => settle({ ok: false, why: 'aborted' }));
  });
}

function decode(raw: Buffer, encoding: string | undefined, maxBytes: number): BodyResult {
  const kind = (encoding ?? 'identity').trim().toLowerCase();
  try {
    let bytes: Buffer;
    if (kind === '' || kind === 'identity') bytes = raw;
    else if (kind === 'gzip' || kind === 'x-gzip') bytes = gunzipSync(raw, { maxOutputLength: maxBytes + 1 });
    else if (kind === 'deflate') bytes = inflateDeflate(raw, maxBytes + 1);
    else return { ok: false, why: 'bad-encoding' };
    if (bytes.length > maxBytes) return { ok: false, why: 'too-large' };
    // Strict: invalid UTF-8 is refused, never stored as U+FFFD (issue 9 item 10).
    if (!isUtf8(bytes)) return { ok: false, why: 'bad-utf8' };
    return { ok: true, text: bytes.toString('utf8') };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, why: 'too-large' };
    return { ok: false, why: 'bad-encoding' };
  }
}

function inflateDeflate(raw: Buffer, maxOutputLength: number): Buffer {
  try {
    return inflateSync(raw, { maxOutputLength });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw err;
    return inflateRawSync(raw, { maxOutputLength });
  }
}
