/**
 * The storage endpoint's upload (docs/protocol.md §15.3): `POST /file-storage`, a `multipart/form-data` body with
 * the presigned form fields first and the `file` part last, as S3-style stores take it. Answers 204 with no body
 * once the file is kept, or an S3-style XML error.
 *
 * Theory of operation
 * -------------------
 * 1. A `Content-Length` that cannot fit (larger than the limit plus room for the form fields) is refused at once
 *    with 400 `EntityTooLarge`, before a byte of the body is read.
 * 2. busboy (docs/decisions.md "Files: busboy parses the storage upload") streams the parts; fields are
 *    collected (at most 20, 16 KiB each) until the `file` part starts, and the form is then checked against its
 *    signed policy (`upload-policy.ts`): signature, expiry, every condition. A refusal answers before the file's
 *    first byte is kept.
 * 3. The file streams through a meter into a body sink (memory or disk, `file-bodies.ts`) with backpressure: each
 *    chunk is counted against the size limit and reserved in the byte budget before it is kept, so the first chunk
 *    past the limit refuses the upload (400 `EntityTooLarge`) while it streams, and memory never holds more than
 *    the limit. Fields after the file part are ignored, as S3 does.
 * 4. Only when the file part and the whole body were read is the file kept (body, then record) and 204 sent.
 * 5. On any refusal the sink is discarded (nothing is stored), the answer is sent at once, and the rest of the
 *    body is read and dropped — up to `DRAIN_LIMIT_BYTES`, past which the socket is closed — so a client still
 *    sending sees the answer instead of a reset connection, and memory stays flat.
 */
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Exchange, Handler, Services } from '../exchange.js';
import { streamHeaders } from '../reply.js';
import { StorageError } from '../storage/storage.js';
import type { BodySink } from './file-bodies.js';
import { STORAGE_ERROR_TYPE, storageErrorXml } from './storage-errors.js';
import { checkUploadForm } from './upload-policy.js';

/** Room for the form fields and part headers beside the file in a request's declared length. */
const FORM_ALLOWANCE_BYTES = 64 * 1024;
/** How much of a refused upload's remaining body is read and dropped before the socket is closed. */
export const DRAIN_LIMIT_BYTES = 8 * 1024 * 1024;
const ONE_FILE = 'POST requires exactly one file upload per request.';

/** An upload refused: S3's status, code and message. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra?: Record<string, string | number>,
  ) {
    super(message);
  }
}

function tooLarge(proposed: number | undefined, max: number): Refusal {
  return new Refusal(
    400,
    'EntityTooLarge',
    `Your proposed upload exceeds the maximum allowed size (${max} bytes)`,
    proposed === undefined ? { MaxSizeAllowed: max } : { ProposedSize: proposed, MaxSizeAllowed: max },
  );
}

/**
 * Answers a refusal at once, then reads and drops the rest of the body. The answer is written whole (its length
 * is known, so the client has all of it) but the response is ended only when the body ends: ending it earlier
 * would let node:http close a `Connection: close` socket while the client is still sending, and the reset that
 * follows can destroy the unread answer on the client's side. Past `DRAIN_LIMIT_BYTES` the socket is closed.
 */
function refuse(ex: Exchange, r: Refusal): void {
  const { req, res } = ex;
  if (!res.headersSent && !res.destroyed) {
    const body = storageErrorXml(r.code, r.message, r.extra);
    res.writeHead(
      r.status,
      streamHeaders({ 'Content-Type': STORAGE_ERROR_TYPE, 'Content-Length': Buffer.byteLength(body) }),
    );
    res.write(body);
  }
  if (req.readableEnded) {
    res.end();
    return;
  }
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_LIMIT_BYTES) req.socket.destroy();
  });
  req.on('end', () => res.end());
  req.resume();
}

/** Answers `POST /file-storage`. */
export const storageUploadHandler: Handler = function storageUpload(ex, services) {
  const max = services.files.maxFileBytes;
  const declared = Number(ex.req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max + FORM_ALLOWANCE_BYTES) {
    refuse(ex, tooLarge(undefined, max));
    return;
  }
  return receive(ex, services);
};

function receive(ex: Exchange, services: Services): Promise<void> {
  const { req } = ex;
  const files = services.files;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: { fields: 20, fieldSize: 16 * 1024, files: 1, parts: 22, fileSize: files.maxFileBytes + 1 },
    });
  } catch {
    refuse(ex, new Refusal(400, 'InvalidArgument', 'POST requires a multipart/form-data body.'));
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    const fields = new Map<string, string>();
    let settled = false;
    let sink: BodySink | undefined;
    let stored: Promise<(() => Promise<void>) | undefined> | undefined;
    let reserved = 0;

    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      parser.destroy();
      sink?.discard();
      files.release(reserved);
      reserved = 0;
      if (err instanceof Refusal) refuse(ex, err);
      else if (err instanceof StorageError) refuse(ex, new Refusal(503, 'ServiceUnavailable', err.message));
      else {
        services.logger.error('file upload failed', { error: String(err) });
        refuse(ex, new Refusal(500, 'InternalError', 'We encountered an internal error. Please try again.'));
      }
      resolve();
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) {
        fail(new Refusal(400, 'InvalidArgument', `Form field ${name.slice(0, 64)} is too long.`));
        return;
      }
      const key = name.toLowerCase();
      if (fields.has(key)) {
        fail(new Refusal(400, 'InvalidArgument', `Form field ${name.slice(0, 64)} appears more than once.`));
        return;
      }
      // Fields after the file part are ignored, as S3 does.
      if (sink === undefined) fields.set(key, value);
    });
    parser.on('filesLimit', () => fail(new Refusal(400, 'InvalidArgument', ONE_FILE)));
    parser.on('fieldsLimit', () => fail(new Refusal(400, 'InvalidArgument', 'Too many form fields.')));
    parser.on('partsLimit', () => fail(new Refusal(400, 'InvalidArgument', 'Too many form parts.')));
    parser.on('error', () =>
      fail(
        new Refusal(
          400,
          'MalformedPOSTRequest',
          'The body of your POST request is not well-formed multipart/form-data.',
        ),
      ),
    );

    parser.on('file', (name, stream) => {
      // busboy fails the part in progress when the parser is destroyed (a refusal): an error nobody else awaits.
      stream.on('error', () => {});
      if (settled || name !== 'file') {
        stream.resume();
        if (name !== 'file') fail(new Refusal(400, 'InvalidArgument', ONE_FILE));
        return;
      }
      const verdict = checkUploadForm(fields, files.secret, services.nowMs());
      if (!verdict.ok) {
        stream.resume();
        fail(new Refusal(verdict.status, verdict.code, verdict.message));
        return;
      }
      const limit = Math.min(verdict.maxBytes, files.maxFileBytes);
      const bodySink = files.bodies.create(verdict.target.id);
      sink = bodySink;
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size > limit) {
            done(tooLarge(undefined, limit));
            return;
          }
          files.reserve(chunk.length).then(
            (ok) => {
              if (!ok) {
                done(new Refusal(503, 'SlowDown', 'The server file store is full of uploads in progress.'));
                return;
              }
              reserved += chunk.length;
              done(null, chunk);
            },
            (err: unknown) => done(err as Error),
          );
        },
      });
      stored = pipeline(stream, meter, bodySink.stream).then(
        () => () =>
          files.keep(bodySink, {
            ...verdict.target,
            size,
            createdMs: services.nowMs(),
            contentType: verdict.contentType,
          }),
        (err: unknown) => {
          fail(err);
          return undefined;
        },
      );
    });

    parser.on('close', () => {
      if (settled) return;
      if (stored === undefined) {
        fail(new Refusal(400, 'InvalidArgument', ONE_FILE));
        return;
      }
      stored
        .then(async (keep) => {
          if (keep === undefined || settled) return;
          await keep();
          settled = true;
          files.release(reserved);
          ex.reply(204, '');
          resolve();
        })
        .catch(fail);
    });

    req.on('close', () => {
      if (!req.complete) fail(new Refusal(400, 'IncompleteBody', 'The request body ended early.'));
    });
    req.pipe(parser);
  });
}
