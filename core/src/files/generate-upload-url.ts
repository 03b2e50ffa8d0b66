/**
 * Step one of sending a file (docs/protocol.md §15): ask the service where to upload it.
 *
 *   POST /v1/files/{sub}/channels/{channel}/generate-upload-url   body {"name": "<file name>"}
 *   200  {"status":200,"data":{"id","name"},"file_upload_request":{"url","method","expiration_date","form_fields":[{key,value}]}}
 *
 * The answer names the file (`id`, and the name the service stored) and a form POST to object storage: its URL
 * and the fields to send, in order, before the file itself (`upload-form.ts`).
 */
import type { RequestContext } from '../context.js';
import { commonQuery } from '../operations/common.js';
import type { PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';
import { channelFilesPath, validateFileName } from './file-names.js';

/** Arguments of `buildGenerateUploadUrl`. */
export interface GenerateUploadUrlParams {
  readonly channel: string;
  /** The file's name (no path). */
  readonly name: string;
}

/** One field of the storage form, sent before the file in this order. */
export interface UploadFormField {
  readonly key: string;
  readonly value: string;
}

/** Where and how to upload a file, and the id it will have. */
export interface GenerateUploadUrlResult {
  /** The file id. */
  readonly id: string;
  /** The file name as the service stored it. */
  readonly name: string;
  /** The storage URL the form goes to (absolute). */
  readonly url: string;
  /** The form's HTTP method (`POST`). */
  readonly method: string;
  /** When the upload URL stops working (ISO 8601), when the service said. */
  readonly expirationDate: string | undefined;
  /** The form fields, in order. */
  readonly formFields: readonly UploadFormField[];
}

/**
 * Builds the generate-upload-url request.
 * @throws PubnubValidationError for a bad channel or file name, or no subscribe key
 */
export function buildGenerateUploadUrl(params: GenerateUploadUrlParams, ctx: RequestContext): PnRequest {
  const path = `${channelFilesPath(ctx, params.channel, 'generateUploadUrl')}/generate-upload-url`;
  const name = validateFileName(params.name, 'generateUploadUrl');
  return {
    operation: 'generateUploadUrl',
    method: 'POST',
    path,
    query: commonQuery(ctx),
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Reads the upload URL answer.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response
 * @throws PubnubMalformedResponseError when the body lacks the id, name, URL or form fields
 */
export function parseGenerateUploadUrl(res: PnResponse): GenerateUploadUrlResult {
  const json = readJson(res, 'generateUploadUrl');
  const expected = 'data {id, name} and file_upload_request {url, method, form_fields}';
  if (!isRecord(json) || !isRecord(json.data) || !isRecord(json.file_upload_request)) {
    return malformed(res, 'generateUploadUrl', expected);
  }
  const { id, name } = json.data;
  const { url, method, expiration_date: expires, form_fields: fields } = json.file_upload_request;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof url !== 'string' || !Array.isArray(fields)) {
    return malformed(res, 'generateUploadUrl', expected);
  }
  const formFields: UploadFormField[] = [];
  for (const field of fields) {
    if (!isRecord(field) || typeof field.key !== 'string' || typeof field.value !== 'string') {
      return malformed(res, 'generateUploadUrl', 'form_fields of {key, value} strings');
    }
    formFields.push({ key: field.key, value: field.value });
  }
  return {
    id,
    name,
    url,
    method: typeof method === 'string' ? method : 'POST',
    expirationDate: typeof expires === 'string' ? expires : undefined,
    formFields,
  };
}
