/**
 * `POST /v1/files/{sub}/channels/{ch}/generate-upload-url`, body `{"name":"…"}` (docs/protocol.md §15.2):
 * issues a file id and the presigned form the client posts the file with, pointing at this server's storage
 * endpoint. Nothing is stored here: a file exists once its upload completed.
 *
 *   → 200 {"status":200,"data":{"id","name"},"file_upload_request":{"url","method":"POST","expiration_date",
 *          "form_fields":[{"key","value"}…]}}
 *
 * Checks, in order: keyset (400), channel name (400), Access Manager write on the channel (403), body JSON with a
 * `name` string (400), the file-name rule (400, `file-names.ts`).
 */
import { randomUUID } from 'node:crypto';
import type { Handler } from '../exchange.js';
import type { BodyRule } from '../router.js';
import { fileNameProblem } from './file-names.js';
import { checkedFilesChannel } from './files-channel.js';
import { filesError } from './files-reply.js';

/** How the request body is read: a small JSON object, errors in the files shape (docs/protocol.md §15.7). */
export const UPLOAD_URL_BODY: BodyRule = {
  methods: ['POST'],
  maxBytes: 32 * 1024,
  refuse: (why) =>
    why === 'too-large'
      ? [413, filesError(413, 'The request body is over 32 KiB')]
      : [
          400,
          filesError(400, why === 'bad-encoding' ? 'Invalid Content-Encoding' : 'Invalid UTF-8 in the request body'),
        ],
};

/** Answers generate-upload-url. */
export const generateUploadUrlHandler: Handler = function generateUploadUrl(ex, services) {
  const checked = checkedFilesChannel(ex, services, 'w');
  if (!checked) return;
  const { sub, ch } = checked;
  let name: unknown;
  try {
    name = (JSON.parse(ex.body ?? '') as { name?: unknown } | null)?.name;
  } catch {
    ex.reply(400, filesError(400, 'The request body must be JSON: {"name":"<file name>"}'));
    return;
  }
  if (typeof name !== 'string') {
    ex.reply(400, filesError(400, 'The request body must name the file: {"name":"<file name>"}'));
    return;
  }
  const nameProblem = fileNameProblem(name);
  if (nameProblem) {
    ex.reply(400, filesError(400, nameProblem));
    return;
  }
  const id = randomUUID();
  const form = services.files.uploadForm(ex.req, { subKey: sub, channel: ch, id, name });
  ex.reply(200, JSON.stringify({ status: 200, data: { id, name }, file_upload_request: form }));
};
