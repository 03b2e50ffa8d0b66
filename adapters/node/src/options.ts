/**
 * The options of `new Pubnub(options)`: the seed constructor's arguments in camelCase (DESIGN §5), checked and
 * completed with their defaults once, at construction. Everything here is synchronous and opens nothing.
 */
import { type Logger, PubnubValidationError, silentLogger, validateUuid } from '@pubkit/core';
import { resolveOrigin } from './origin.js';

/** Reconnect backoff of the subscribe loop. */
export interface RetryOptions {
  /** First retry delay in ms; doubles per failure, plus jitter. @default 1000 */
  readonly baseDelayMs?: number | undefined;
  /** Longest retry delay in ms. @default 60000 */
  readonly maxDelayMs?: number | undefined;
}

/** Options of `new Pubnub(options)`. */
export interface PubnubOptions {
  /** Publish key; needed by publish, fire and signal. @default '' */
  readonly publishKey?: string | undefined;
  /** Subscribe key; needed by every call except `time()`. */
  readonly subscribeKey: string;
  /** Secret key: every request is signed (v2) and grant/revoke/audit work. Never sent, never logged. */
  readonly secretKey?: string | undefined;
  /** Cipher key: publish encrypts, subscribe and history decrypt (PROTOCOL §7). */
  readonly cipherKey?: string | undefined;
  /** Random IVs instead of the seed's static IV (PROTOCOL §7.2). @default false */
  readonly useRandomIVs?: boolean | undefined;
  /** Auth key sent with every request (PAM). Never logged. */
  readonly authKey?: string | undefined;
  /** HTTPS when `origin` has no scheme. @default true (the seed's false would send auth keys in clear) */
  readonly ssl?: boolean | undefined;
  /** Host, `host:port` or `http(s)://host[:port]`. @default 'pubsub.pubnub.com' */
  readonly origin?: string | undefined;
  /** This client's uuid. @default a random v4 UUID */
  readonly uuid?: string | undefined;
  /** The seed's alias of `uuid`; `uuid` wins when both are given. */
  readonly presUuid?: string | undefined;
  /** Keep-alive connection pool. @default true */
  readonly pooling?: boolean | undefined;
  /**
   * Presence timeout in seconds announced while subscribed; a heartbeat is sent every `heartbeat / 2 - 1` s.
   * 0 sends none (the service then applies 300 s). @default 0
   */
  readonly heartbeat?: number | undefined;
  /** Timeout of every non-subscribe request, in ms. @default 15000 */
  readonly requestTimeoutMs?: number | undefined;
  /** Timeout of a subscribe long-poll, in ms (longer than the service's hold). @default 310000 */
  readonly subscribeTimeoutMs?: number | undefined;
  /** Where log lines go. Secret and auth keys are never logged. @default silent */
  readonly logger?: Logger | undefined;
  /** Subscribe reconnect backoff. @default { baseDelayMs: 1000, maxDelayMs: 60000 } */
  readonly retry?: RetryOptions | undefined;
  /** Most publishes to one channel waiting for a slot; one more is refused with `PubnubStateError`. @default 1000 */
  readonly maxQueuedPublishes?: number | undefined;
  /** Most ordered publishes pipelined at once (with `pooling`). @default 32 */
  readonly publishPipelining?: number | undefined;
}

/** Options after defaults and checks. */
export interface ClientConfig {
  readonly publishKey: string;
  readonly subscribeKey: string;
  readonly secretKey: string | undefined;
  readonly cipherKey: string | undefined;
  readonly useRandomIVs: boolean;
  readonly authKey: string | undefined;
  readonly origin: string;
  readonly uuid: string;
  readonly pooling: boolean;
  readonly heartbeat: number;
  readonly requestTimeoutMs: number;
  readonly subscribeTimeoutMs: number;
  readonly logger: Logger;
  readonly retry: { readonly baseDelayMs: number; readonly maxDelayMs: number };
  readonly maxQueuedPublishes: number;
  readonly publishPipelining: number;
}

/** The `pnsdk` value pubkit sends (PROTOCOL §1.3). */
export const PNSDK = 'PubKit-Node/0.1.0';

/**
 * Checks the options and fills in defaults.
 * @param newUuid draws the default uuid
 * @throws PubnubValidationError naming the first bad option
 */
export function resolveClientOptions(options: PubnubOptions, newUuid: () => string): ClientConfig {
  if (typeof options !== 'object' || options === null) {
    throw new PubnubValidationError('options', 'new Pubnub(options) needs an options object');
  }
  const subscribeKey = requiredString(options.subscribeKey, 'subscribeKey');
  const heartbeat = nonNegativeInt(options.heartbeat, 'heartbeat', 0);
  if (heartbeat !== 0 && (heartbeat < 5 || heartbeat > 320)) {
    throw new PubnubValidationError('heartbeat', 'heartbeat must be 0 (off) or 5..320 seconds');
  }
  const uuidOption = options.uuid ?? options.presUuid;
  return {
    publishKey: optionalString(options.publishKey, 'publishKey') ?? '',
    subscribeKey,
    secretKey: optionalString(options.secretKey, 'secretKey'),
    cipherKey: optionalString(options.cipherKey, 'cipherKey'),
    useRandomIVs: bool(options.useRandomIVs, 'useRandomIVs', false),
    authKey: optionalString(options.authKey, 'authKey'),
    origin: resolveOrigin(options.origin, bool(options.ssl, 'ssl', true)),
    uuid: uuidOption === undefined ? newUuid() : validateUuid(uuidOption),
    pooling: bool(options.pooling, 'pooling', true),
    heartbeat,
    requestTimeoutMs: positiveInt(options.requestTimeoutMs, 'requestTimeoutMs', 15_000),
    subscribeTimeoutMs: positiveInt(options.subscribeTimeoutMs, 'subscribeTimeoutMs', 310_000),
    logger: options.logger ?? silentLogger,
    retry: {
      baseDelayMs: positiveInt(options.retry?.baseDelayMs, 'retry.baseDelayMs', 1_000),
      maxDelayMs: positiveInt(options.retry?.maxDelayMs, 'retry.maxDelayMs', 60_000),
    },
    maxQueuedPublishes: nonNegativeInt(options.maxQueuedPublishes, 'maxQueuedPublishes', 1_000),
    publishPipelining: positiveInt(options.publishPipelining, 'publishPipelining', 32),
  };
}

function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new PubnubValidationError(field, `${field} is required`);
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new PubnubValidationError(field, `${field} must be a string`);
  return value;
}

function bool(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new PubnubValidationError(field, `${field} must be true or false`);
  return value;
}

function nonNegativeInt(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new PubnubValidationError(field, `${field} must be a whole number, 0 or more`);
  }
  return value;
}

function positiveInt(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new PubnubValidationError(field, `${field} must be a whole number, 1 or more`);
  }
  return value;
}
