/**
 * A raw client for the files endpoints (docs/protocol.md §15), for the tests that send what no SDK would: forms
 * with edited fields, bodies without a file part, uploads that never end. One connection per request
 * (`Connection: close`), so no socket outlives its test.
 */
import { request } from 'node:http';
import { type Reply, send } from '../helpers.js';

/** A form as generate-upload-url answers it. */
export interface UploadForm {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly fields: { key: string; value: string }[];
}

/** Asks the server for an upload form; throws when it refuses. */
export async function generateForm(base: string, sub: string, channel: string, name: string): Promise<UploadForm> {
  const r = await send(base, `/v1/files/${sub}/channels/${encodeURIComponent(channel)}/generate-upload-url`, {
    method: 'POST',
    body: JSON.stringify({ name }),
  });
  if (r.status !== 200) throw new Error(`generate-upload-url answered ${r.status}: ${r.text}`);
  const json = r.json as {
    data: { id: string; name: string };
    file_upload_request: { url: string; form_fields: { key: string; value: string }[] };
  };
  return {
    id: json.data.id,
    name: json.data.name,
    url: json.file_upload_request.url,
    fields: json.file_upload_request.form_fields.map((f) => ({ ...f })),
  };
}

export const BOUNDARY = '----pubkit-test-boundary-7MA4YWxkTrZu0gW';

/** The multipart text of the fields, and the headers of a file part named `partName`. */
export function multipartHead(fields: readonly { key: string; value: string }[], partName = 'file'): string {
  let text = '';
  for (const f of fields) {
    text += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${f.key}"\r\n\r\n${f.value}\r\n`;
  }
  text += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${partName}"; filename="blob"\r\n`;
  return `${text}Content-Type: application/octet-stream\r\n\r\n`;
}

/** The closing delimiter of a multipart body. */
export const MULTIPART_TAIL = `\r\n--${BOUNDARY}--\r\n`;

/** Posts fields and a file as one multipart body (with a `Content-Length`). */
export function postForm(
  url: string,
  fields: readonly { key: string; value: string }[],
  file: Buffer | undefined,
  partName = 'file',
): Promise<Reply> {
  const u = new URL(url);
  let body: Buffer;
  if (file === undefined) {
    let text = '';
    for (const f of fields) {
      text += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${f.key}"\r\n\r\n${f.value}\r\n`;
    }
    body = Buffer.from(`${text}--${BOUNDARY}--\r\n`);
  } else {
    body = Buffer.concat([Buffer.from(multipartHead(fields, partName)), file, Buffer.from(MULTIPART_TAIL)]);
  }
  return send(`${u.protocol}//${u.host}`, u.pathname + u.search, {
    method: 'POST',
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  });
}

/** What an endless upload saw. */
export interface StreamedUpload {
  readonly status: number;
  readonly text: string;
  /** File bytes written before the answer arrived. */
  readonly sentBeforeAnswer: number;
}

/**
 * Streams the form and then `total` file bytes with chunked encoding (no `Content-Length`, so the server cannot
 * judge the size up front), honouring backpressure, calling `onChunk` after each chunk; stops at the answer.
 */
export function streamUpload(
  url: string,
  fields: readonly { key: string; value: string }[],
  total: number,
  onChunk: () => void,
): Promise<StreamedUpload> {
  const u = new URL(url);
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        agent: false,
        headers: { connection: 'close', 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      },
      (res) => {
        answered = true;
        const sentBeforeAnswer = sent;
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString(), sentBeforeAnswer });
        });
      },
    );
    // The server may close the socket once it stopped draining; the answer has been read by then.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    req.write(multipartHead(fields));
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        onChunk();
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end(MULTIPART_TAIL);
    };
    pump();
  });
}
