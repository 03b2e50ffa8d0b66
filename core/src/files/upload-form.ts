/**
 * Step two of sending a file (docs/protocol.md §15): the `multipart/form-data` POST to object storage, framed
 * here and streamed by the host. The form is the service's fields, in the order given (storage checks a signed
 * policy over them), then the file last, as the field `file`:
 *
 *   --B CRLF Content-Disposition: form-data; name="<key>" CRLF CRLF <value> CRLF      (one per field)
 *   --B CRLF Content-Disposition: form-data; name="file"; filename="<name>" CRLF
 *            Content-Type: <type> CRLF CRLF <file bytes> CRLF
 *   --B-- CRLF
 *
 * `head` is everything before the file bytes and `tail` everything after, so a host sends `head`, streams the file,
 * sends `tail`, and knows the total length up front when it knows the file's size. Storage answers 204 (or 200/201)
 * with no body on success, and an XML `<Error><Code/><Message/></Error>` otherwise.
 */
import { utf8Encode } from '../bytes.js';
import { PubnubServiceError, PubnubValidationError } from '../errors.js';
import type { PnResponse } from '../request.js';
import { isRecord } from '../response.js';
import type { UploadFormField } from './generate-upload-url.js';

/** The framed form around the file bytes. */
export interface UploadForm {
  /** The request's `Content-Type`, with the boundary. */
  readonly contentType: string;
  /** The bytes before the file. */
  readonly head: Uint8Array;
  /** The bytes after the file. */
  readonly tail: Uint8Array;
}

/** Arguments of `frameUploadForm`. */
export interface UploadFormParams {
  /** The service's form fields, in order. */
  readonly fields: readonly UploadFormField[];
  /** The file name given in the file part. */
  readonly fileName: string;
  /**
   * The boundary: 1–70 letters, digits, `-` or `_`, drawn at random by the host so it cannot occur in the file
   * (a 32-hex-digit random boundary appearing by chance is negligible).
   */
  readonly boundary: string;
  /** The file part's type. @default 'application/octet-stream' */
  readonly contentType?: string | undefined;
}

const CRLF = '\r\n';
const BOUNDARY = /^[A-Za-z0-9_-]{1,70}$/;
// A header value may not carry a line break or a quote that would end the quoted string early.
const UNSAFE_HEADER_TEXT = /["\r\n\u0000]/u;

function quoted(value: string, field: string): string {
  if (UNSAFE_HEADER_TEXT.test(value)) {
    throw new PubnubValidationError(field, `${field} may not contain quotes or line breaks`, {
      operation: 'uploadFile',
    });
  }
  return `"${value}"`;
}

/**
 * Frames the form.
 * @throws PubnubValidationError for a bad boundary, `fields` that is not an array of `{ key, value }` strings, or a
 *   field key, value or file name that would break the framing
 */
export function frameUploadForm(params: UploadFormParams): UploadForm {
  const { boundary } = params;
  if (!Array.isArray(params.fields) || typeof params.fileName !== 'string') {
    throw new PubnubValidationError('formFields', 'an upload form needs its fields (an array) and a file name', {
      operation: 'uploadFile',
    });
  }
  if (typeof boundary !== 'string' || !BOUNDARY.test(boundary)) {
    throw new PubnubValidationError('boundary', 'boundary must be 1–70 letters, digits, "-" or "_"', {
      operation: 'uploadFile',
    });
  }
  let head = '';
  // A caller without types (or a bad service answer passed on) may hand any entries: refuse them by name rather
  // than fail on destructuring with an untyped TypeError.
  for (const field of params.fields as readonly unknown[]) {
    if (!isRecord(field) || typeof field.key !== 'string' || typeof field.value !== 'string') {
      throw new PubnubValidationError('formFields', 'each form field must be { key, value } strings', {
        operation: 'uploadFile',
      });
    }
    const { key, value } = field;
    if (/[\r\n]/.test(value)) {
      throw new PubnubValidationError('formFields', 'a form field value may not contain a line break', {
        operation: 'uploadFile',
      });
    }
    head += `--${boundary}${CRLF}Content-Disposition: form-data; name=${quoted(key, 'formFields')}${CRLF}${CRLF}`;
    head += `${value}${CRLF}`;
  }
  const type = params.contentType ?? 'application/octet-stream';
  if (/[\r\n]/.test(type)) {
    throw new PubnubValidationError('contentType', 'contentType may not contain a line break', {
      operation: 'uploadFile',
    });
  }
  head += `--${boundary}${CRLF}Content-Disposition: form-data; name="file"; filename=${quoted(params.fileName, 'name')}`;
  head += `${CRLF}Content-Type: ${type}${CRLF}${CRLF}`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: utf8Encode(head),
    tail: utf8Encode(`${CRLF}--${boundary}--${CRLF}`),
  };
}

/** The form's total length for a file of `fileBytes` bytes. */
export function uploadFormLength(form: UploadForm, fileBytes: number): number {
  return form.head.length + fileBytes + form.tail.length;
}

/**
 * Reads storage's answer to the form: 200, 201 or 204 is success.
 * @throws PubnubServiceError for any other status (see `storageFailure`)
 */
export function parseUploadFile(res: PnResponse): void {
  if (res.status === 200 || res.status === 201 || res.status === 204) return;
  throw storageFailure(res, 'uploadFile');
}

/**
 * The error of a refused storage request (an upload, or a download from a storage URL): storage's own words from
 * an XML `<Message>`/`<Code>` (the object store's shape) or a JSON `message`, and the status.
 */
export function storageFailure(res: PnResponse, operation: 'uploadFile' | 'downloadFile'): PubnubServiceError {
  const said = storageMessage(res.body);
  const what = said === undefined ? '' : `: ${said}`;
  const verb = operation === 'uploadFile' ? 'refused the file' : 'refused the download';
  return new PubnubServiceError(
    `${operation} failed: storage ${verb}${what} (HTTP ${res.status})`,
    { status: res.status, body: res.body },
    { operation },
  );
}

function storageMessage(body: string): string | undefined {
  const xml = /<Message>([^<]{1,300})<\/Message>/i.exec(body)?.[1] ?? /<Code>([^<]{1,100})<\/Code>/i.exec(body)?.[1];
  if (xml !== undefined) return xml;
  try {
    const json: unknown = JSON.parse(body);
    if (isRecord(json)) {
      if (typeof json.message === 'string') return json.message.slice(0, 300);
      if (isRecord(json.error) && typeof json.error.message === 'string') return json.error.message.slice(0, 300);
    }
  } catch {
    // Not JSON either: the status alone says it.
  }
  return undefined;
}
