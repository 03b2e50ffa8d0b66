/**
 * How many bytes a response to each operation may have (issue 9 item 5; docs/decisions.md "Response size limits").
 * A host stops reading past the limit, drops the connection and fails the request with
 * `PubnubResponseTooLargeError`, so a broken or hostile origin cannot make the client buffer without bound.
 *
 * The defaults follow from PubNub's own limits (docs/protocol.md §5): a message is at most 32 KiB as sent, a
 * subscribe response or a history page carries at most 100 of them, so 8 MiB leaves room for envelopes, meta and
 * escaping. Replies that list channels, uuids or grants (`hereNow`, `audit`, `grant`) scale with the keyset and get
 * 16 MiB, as does any operation this table does not name. Single acknowledgements get 1 MiB.
 */
import { PubnubValidationError } from './errors.js';
import type { Operation } from './request.js';

/** Per-operation response limits in bytes; an operation left out gets `DEFAULT_MAX_RESPONSE_BYTES`. */
export type ResponseLimits = Readonly<Partial<Record<Operation, number>>>;

/** The limit of an operation `MAX_RESPONSE_BYTES` does not name: 16 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

const MIB = 1024 * 1024;

/** The default limit of each operation, in bytes. */
export const MAX_RESPONSE_BYTES: ResponseLimits = Object.freeze({
  time: MIB,
  publish: MIB,
  signal: MIB,
  leave: MIB,
  heartbeat: MIB,
  whereNow: MIB,
  getState: MIB,
  setState: MIB,
  subscribe: 8 * MIB,
  history: 8 * MIB,
  hereNow: 16 * MIB,
  grant: 16 * MIB,
  audit: 16 * MIB,
  generateUploadUrl: MIB,
  uploadFile: MIB,
  publishFile: MIB,
  deleteFile: MIB,
});

const MAX_LIMIT = 2 ** 31 - 1;

/**
 * Resolves the `maxResponseBytes` option into a lookup: a number applies to every operation, an object overrides
 * the named operations and keeps the defaults of the rest.
 * @default option MAX_RESPONSE_BYTES
 * @throws PubnubValidationError (field `maxResponseBytes`) for anything but a whole number from 1 to 2^31 − 1, or
 *   an object of them
 */
export function resolveResponseLimits(option: unknown): (operation: Operation) => number {
  if (option === undefined) return (operation) => MAX_RESPONSE_BYTES[operation] ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (typeof option === 'number') {
    const all = checkLimit(option, 'maxResponseBytes');
    return () => all;
  }
  if (typeof option !== 'object' || option === null || Array.isArray(option)) {
    throw new PubnubValidationError(
      'maxResponseBytes',
      'maxResponseBytes must be a number of bytes or an object of them by operation, e.g. { subscribe: 4194304 }',
    );
  }
  const table: Record<string, number> = { ...MAX_RESPONSE_BYTES };
  for (const [operation, limit] of Object.entries(option)) {
    table[operation] = checkLimit(limit, `maxResponseBytes.${operation}`);
  }
  return (operation) => table[operation] ?? DEFAULT_MAX_RESPONSE_BYTES;
}

function checkLimit(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    throw new PubnubValidationError(
      'maxResponseBytes',
      `${name} must be a whole number of bytes from 1 to ${MAX_LIMIT}`,
    );
  }
  return value;
}
