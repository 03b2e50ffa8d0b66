/**
 * The presigned upload form and its verification (docs/protocol.md §15.2, §15.3), in the manner of the S3-style
 * object store PubNub hands its clients: the form fields carry a base64 `Policy` document (expiry and
 * conditions on the other fields) and an `X-Amz-Signature`, an HMAC-SHA-256 of the policy under a secret only
 * this server process holds. The storage endpoint recomputes the HMAC and compares timing-safely, then checks the
 * expiry and every condition, so a form whose key was changed, whose policy was edited or that is past its expiry
 * is refused before a byte of the file is kept. The algorithm is named `PUBKIT-HMAC-SHA256`: the field names are
 * S3's, but this is not AWS Signature V4 and claims no compatibility with it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Where an upload goes: decoded from the signed `key` field. */
export interface UploadTarget {
  readonly subKey: string;
  readonly channel: string;
  readonly id: string;
  readonly name: string;
}

/** One form field, in the order the uploader must send it. */
export interface FormField {
  readonly key: string;
  readonly value: string;
}

/** What `generate-upload-url` answers with (docs/protocol.md §15.2). */
export interface UploadForm {
  readonly url: string;
  readonly method: 'POST';
  readonly expiration_date: string;
  readonly form_fields: readonly FormField[];
}

/** A refused form, with S3's error code and HTTP status. */
export interface FormRefusal {
  readonly ok: false;
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** An accepted form. */
export interface FormAcceptance {
  readonly ok: true;
  readonly target: UploadTarget;
  /** Largest file the policy allows, in bytes. */
  readonly maxBytes: number;
  readonly contentType: string;
}

/** The algorithm name written into the form (see the file comment). */
export const UPLOAD_ALGORITHM = 'PUBKIT-HMAC-SHA256';
const BUCKET = 'pubkit-files';
/** Fields the policy need not name: the policy and its signature themselves, and the file part. */
const UNCONDITIONED = new Set(['policy', 'x-amz-signature', 'file']);

type Condition = Record<string, string> | readonly (string | number)[];

interface Policy {
  readonly expiration: string;
  readonly conditions: readonly Condition[];
}

/** The object key of a file: `{sub}/{channel}/{id}/{name}`, each part percent-encoded. */
export function objectKey(t: UploadTarget): string {
  return [t.subKey, t.channel, t.id, t.name].map(encodeURIComponent).join('/');
}

function hmacHex(secret: Buffer, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

/** Compares two hex signatures in time independent of where they differ. */
export function sameSignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `20261203T131500Z`, the form of S3's `X-Amz-Date`. */
function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Builds the presigned form for one upload. */
export function issueUploadForm(input: {
  readonly url: string;
  readonly target: UploadTarget;
  readonly maxBytes: number;
  readonly nowMs: number;
  readonly ttlMs: number;
  readonly secret: Buffer;
}): UploadForm {
  const expiration = new Date(input.nowMs + input.ttlMs).toISOString();
  const key = objectKey(input.target);
  const date = amzDate(input.nowMs);
  const contentType = 'application/octet-stream';
  const policy: Policy = {
    expiration,
    conditions: [
      { bucket: BUCKET },
      ['eq', '$key', key],
      ['starts-with', '$Content-Type', ''],
      ['content-length-range', 0, input.maxBytes],
      { 'x-amz-algorithm': UPLOAD_ALGORITHM },
      { 'x-amz-date': date },
    ],
  };
  const encoded = Buffer.from(JSON.stringify(policy)).toString('base64');
  return {
    url: input.url,
    method: 'POST',
    expiration_date: expiration,
    form_fields: [
      { key: 'key', value: key },
      { key: 'Content-Type', value: contentType },
      { key: 'X-Amz-Algorithm', value: UPLOAD_ALGORITHM },
      { key: 'X-Amz-Date', value: date },
      { key: 'Policy', value: encoded },
      { key: 'X-Amz-Signature', value: hmacHex(input.secret, encoded) },
    ],
  };
}

function refuse(status: number, code: string, message: string): FormRefusal {
  return { ok: false, status, code, message };
}

/**
 * Checks the fields received before the file part against their signed policy.
 * @param fields lower-cased field name → value
 */
export function checkUploadForm(
  fields: ReadonlyMap<string, string>,
  secret: Buffer,
  nowMs: number,
): FormAcceptance | FormRefusal {
  const key = fields.get('key');
  if (key === undefined) {
    return refuse(
      400,
      'InvalidArgument',
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
    );
  }
  const encoded = fields.get('policy');
  const signature = fields.get('x-amz-signature');
  if (encoded === undefined || signature === undefined) {
    return refuse(403, 'AccessDenied', 'Access Denied: the form needs its Policy and X-Amz-Signature fields');
  }
  if (!sameSignature(hmacHex(secret, encoded), signature)) {
    return refuse(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
  }
  // Signed by this process, so well-formed: parsing cannot fail short of a bug.
  const policy = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Policy;
  if (Date.parse(policy.expiration) <= nowMs) {
    return refuse(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
  }
  let maxBytes = 0;
  const named = new Set<string>();
  for (const condition of policy.conditions) {
    if (!Array.isArray(condition)) {
      const [name, value] = Object.entries(condition)[0] as [string, string];
      named.add(name.toLowerCase());
      if (name !== 'bucket' && fields.get(name.toLowerCase()) !== value) return failed(condition);
      continue;
    }
    const [op, a, b] = condition as readonly (string | number)[];
    if (op === 'content-length-range') {
      maxBytes = Number(b);
      continue;
    }
    const name = String(a).slice(1).toLowerCase();
    named.add(name);
    const value = fields.get(name) ?? '';
    if (op === 'eq' && value !== b) return failed(condition);
    if (op === 'starts-with' && !value.startsWith(String(b))) return failed(condition);
  }
  const extra = [...fields.keys()].filter((f) => !named.has(f) && !UNCONDITIONED.has(f) && !f.startsWith('x-ignore-'));
  if (extra.length > 0) {
    return refuse(403, 'AccessDenied', `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  }
  const parts = key.split('/').map((p) => decodeURIComponent(p));
  const [subKey = '', channel = '', id = '', name = ''] = parts;
  return {
    ok: true,
    target: { subKey, channel, id, name },
    maxBytes,
    contentType: fields.get('content-type') || 'application/octet-stream',
  };
}

function failed(condition: Condition): FormRefusal {
  return refuse(
    403,
    'AccessDenied',
    `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
  );
}

/** The signature of a download URL (docs/protocol.md §15.5): it binds the file and the expiry. */
export function downloadSignature(secret: Buffer, target: UploadTarget, expiresSec: number): string {
  return hmacHex(secret, `GET\n${objectKey(target)}\n${expiresSec}`);
}
