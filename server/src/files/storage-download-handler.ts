/**
 * The storage endpoint's download (docs/protocol.md §15.5): `GET /file-storage/{sub}/{ch}/{id}/{name}?expires&
 * signature`, the URL the files endpoint redirects to. The signature (HMAC of the object key and expiry under the
 * server's secret, `upload-policy.ts`) is what lets the URL skip Access Manager: it was issued only after the
 * download request passed it. The body streams from the body store with its length and uploaded content type.
 *
 * Errors are S3-style XML: a bad signature 403 `SignatureDoesNotMatch`, an expired URL 403 `AccessDenied`
 * ("Request has expired"), a missing file 404 `NoSuchKey`.
 */
import { pipeline } from 'node:stream/promises';
import type { Handler } from '../exchange.js';
import { streamHeaders } from '../reply.js';
import { replyStorageError } from './storage-errors.js';
import { downloadSignature, sameSignature } from './upload-policy.js';

/** Answers `GET /file-storage/…`. */
export const storageDownloadHandler: Handler = async function storageDownload(ex, services) {
  const { sub = '', ch = '', id = '', name = '' } = ex.params;
  const target = { subKey: sub, channel: ch, id, name };
  const expires = Number(ex.query.expires);
  const signature = ex.query.signature ?? '';
  if (
    !Number.isSafeInteger(expires) ||
    !sameSignature(downloadSignature(services.files.secret, target, expires), signature)
  ) {
    replyStorageError(
      ex.res,
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
    return;
  }
  if (expires * 1000 <= services.nowMs()) {
    replyStorageError(ex.res, 403, 'AccessDenied', 'Request has expired');
    return;
  }
  const file = services.files.records.file(sub, ch, id);
  const body = file && file.name === name ? await services.files.bodies.open(id) : undefined;
  if (!file || !body) {
    replyStorageError(ex.res, 404, 'NoSuchKey', 'The specified key does not exist.');
    return;
  }
  ex.res.writeHead(
    200,
    streamHeaders({
      'Content-Type': file.contentType,
      'Content-Length': body.size,
      'Cache-Control': 'private, max-age=0',
      // Served from the server's own origin: never rendered as a page there, whatever type the uploader named.
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'X-Content-Type-Options': 'nosniff',
    }),
  );
  // A client that goes away mid-download ends the pipeline with an error; there is nobody left to answer.
  await pipeline(body.stream, ex.res).catch(() => {});
};
