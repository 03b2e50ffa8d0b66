/**
 * Client options (docs/architecture.md §5): the seed constructor's arguments in camelCase, validated once and frozen.
 *
 * Decisions (each option's TSDoc carries its default):
 * - `ssl` defaults to true (the seed's false would send auth keys in clear). A full `http(s)://host:port` origin
 *   sets the scheme itself; an explicit `ssl` that contradicts it is an error rather than a silent choice.
 * - `heartbeat` is the presence timeout in seconds; 0 (the default, as in the seed) sends none and the service
 *   applies its own 300 s (docs/protocol.md §8.4). Otherwise 5..320: 5 is JS 3.x's threshold, 320 the current JS SDK's
 *   cap. `heartbeatInterval` defaults to `heartbeat / 2 - 1` (the seed's rule).
 * - Timeouts are 15 s and 310 s like the JS SDKs (docs/protocol.md §1.5); the subscribe one must outlast the server hold.
 * - `retry` (subscribe reconnects): capped exponential backoff from 1 s to 32 s plus up to 1 s of jitter, forever
 *   unless `maxAttempts` says otherwise. Faster than the JS event engine's 2..150 s, because a dev server
 *   restarting should not cost minutes; capped, so a long outage polls at most every ~33 s (docs/protocol.md §8.3).
 * - Empty strings for the optional keys mean "not set" (Python 3.9 drops an empty `auth` too, docs/protocol.md §1.3), so
 *   `authKey: env.AUTH ?? ''` works.
 * - The seed's snake_case names (`subscribe_key`, …) are rejected with the camelCase name, not silently ignored.
 */

import { parseOrigin } from './config-origin.js';
import {
  integer,
  loggerOf,
  MAX_TIMER_MS,
  optionalBoolean,
  optionalKey,
  pnsdkValue,
  requiredKey,
} from './config-values.js';
import type { MessageCipher, RequestContext } from './context.js';
import type { Logger, Random } from './env.js';
import { PubnubValidationError } from './errors.js';
import { MAX_PRESENCE_TIMEOUT } from './presence/heartbeat.js';
import { validateUuid } from './validation.js';

/** Reconnect backoff of the subscribe loop. */
export interface RetryOptions {
  /** First delay in ms; doubles per failed attempt. @default 1000 */
  readonly baseDelayMs?: number;
  /** Largest delay in ms (before jitter). @default 32000 */
  readonly maxDelayMs?: number;
  /** Up to this many ms of random jitter added to each delay. @default 1000 */
  readonly jitterMs?: number;
  /** Failed attempts in a row before giving up (`Infinity` = never). @default Infinity */
  readonly maxAttempts?: number;
}

/** `RetryOptions` with every default applied. */
export type RetryConfig = Required<RetryOptions>;

/** Options of `new Pubnub(options)`. */
export interface PubnubOptions {
  /** Publish key. Required. */
  readonly publishKey: string;
  /** Subscribe key. Required. */
  readonly subscribeKey: string;
  /** Secret key: requests are signed (PAM). Server-side only, never in a browser. @default none */
  readonly secretKey?: string;
  /** Cipher key: messages are encrypted (docs/protocol.md §7). @default none */
  readonly cipherKey?: string;
  /** Auth key sent as `auth` with every request (except `/v2/auth/*`). @default none */
  readonly authKey?: string;
  /** Use TLS. @default true */
  readonly ssl?: boolean;
  /** `host`, `host:port` or `http(s)://host:port`. @default 'pubsub.pubnub.com' */
  readonly origin?: string;
  /** This client's uuid (≤ 92 characters). @default a random v4 UUID */
  readonly uuid?: string;
  /** The seed's alias of `uuid`; both given must agree. @default none */
  readonly presUuid?: string;
  /** Keep-alive connection pool. @default true */
  readonly pooling?: boolean;
  /** Random IV per message instead of the legacy static IV (docs/protocol.md §7.2). @default false */
  readonly useRandomIVs?: boolean;
  /** Presence timeout in seconds: 0 (off, the service's 300 s applies) or 5..320. @default 0 */
  readonly heartbeat?: number;
  /** Seconds between heartbeats; 0 = none (the subscribe long-poll carries presence). @default heartbeat / 2 - 1 */
  readonly heartbeatInterval?: number;
  /** Timeout of every non-subscribe request, ms. @default 15000 */
  readonly requestTimeoutMs?: number;
  /** Timeout of a subscribe long-poll, ms. @default 310000 */
  readonly subscribeTimeoutMs?: number;
  /** Subscribe reconnect backoff; `false` = never retry. @default {} (see RetryOptions) */
  readonly retry?: RetryOptions | false;
  /** Publishes waiting per channel before `publish` fails with `PubnubStateError`. @default 1000 */
  readonly maxPublishQueue?: number;
  /** Appended to the `pnsdk` query value after a space, e.g. `MyApp/1.2`. @default none */
  readonly pnsdk?: string;
  /** Log sink; never given secret or auth keys. @default silentLogger */
  readonly logger?: Logger;
}

/** Validated, frozen options with every default applied. */
export interface PubnubConfig {
  readonly publishKey: string;
  readonly subscribeKey: string;
  readonly secretKey: string | undefined;
  readonly cipherKey: string | undefined;
  readonly authKey: string | undefined;
  /** True when requests go over TLS (from `ssl` or the origin URL's scheme). */
  readonly ssl: boolean;
  /** `host` or `host:port`, without scheme. */
  readonly origin: string;
  /** `http(s)://host[:port]`, no trailing slash: what the transport connects to. */
  readonly originUrl: string;
  readonly uuid: string;
  readonly pooling: boolean;
  readonly useRandomIVs: boolean;
  /** Presence timeout in seconds; 0 = off. */
  readonly heartbeat: number;
  /** Seconds between heartbeats; 0 = none. */
  readonly heartbeatInterval: number;
  readonly requestTimeoutMs: number;
  readonly subscribeTimeoutMs: number;
  readonly retry: Readonly<RetryConfig>;
  readonly maxPublishQueue: number;
  /** The full `pnsdk` query value. */
  readonly pnsdk: string;
  readonly logger: Logger;
}

/** What `createConfig` needs from the host. */
export interface ConfigEnv {
  /** Draws the uuid when none is given. */
  readonly random: Pick<Random, 'uuid'>;
  /** Base `pnsdk` value. @default PUBKIT_PNSDK */
  readonly pnsdk?: string;
}

/** Base `pnsdk` query value of pubkit's Node client. */
export const PUBKIT_PNSDK = 'PubKit-Node/0.1.0';

const SEED_NAMES: Readonly<Record<string, string>> = {
  publish_key: 'publishKey',
  subscribe_key: 'subscribeKey',
  secret_key: 'secretKey',
  cipher_key: 'cipherKey',
  auth_key: 'authKey',
  ssl_on: 'ssl',
  pres_uuid: 'presUuid',
};

/**
 * Validates options, applies defaults and freezes the result.
 * @throws PubnubValidationError naming the option, e.g. `subscribeKey is required`
 */
export function createConfig(options: PubnubOptions, env: ConfigEnv): PubnubConfig {
  const raw: unknown = options;
  if (typeof raw !== 'object' || raw === null) throw new PubnubValidationError('options', 'options must be an object');
  for (const [seed, camel] of Object.entries(SEED_NAMES)) {
    if (seed in raw)
      throw new PubnubValidationError(camel, `${seed} is not an option; pubkit uses camelCase: ${camel}`);
  }
  const publishKey = requiredKey(options.publishKey, 'publishKey');
  const subscribeKey = requiredKey(options.subscribeKey, 'subscribeKey');
  const sslGiven = optionalBoolean(options.ssl, 'ssl');
  const origin = parseOrigin(options.origin, sslGiven);
  const heartbeat = integer(options.heartbeat, 'heartbeat', 0, 0, MAX_PRESENCE_TIMEOUT);
  if (heartbeat > 0 && heartbeat < 5) {
    throw new PubnubValidationError(
      'heartbeat',
      `heartbeat must be 0 (off) or 5..${MAX_PRESENCE_TIMEOUT} seconds, got ${heartbeat}`,
    );
  }
  const config: PubnubConfig = {
    publishKey,
    subscribeKey,
    secretKey: optionalKey(options.secretKey, 'secretKey'),
    cipherKey: optionalKey(options.cipherKey, 'cipherKey'),
    authKey: optionalKey(options.authKey, 'authKey'),
    ssl: origin.ssl,
    origin: origin.hostPort,
    originUrl: origin.url,
    uuid: resolveUuid(options, env),
    pooling: optionalBoolean(options.pooling, 'pooling') ?? true,
    useRandomIVs: optionalBoolean(options.useRandomIVs, 'useRandomIVs') ?? false,
    heartbeat,
    heartbeatInterval: heartbeatInterval(options.heartbeatInterval, heartbeat),
    requestTimeoutMs: integer(options.requestTimeoutMs, 'requestTimeoutMs', 15000, 1, MAX_TIMER_MS),
    subscribeTimeoutMs: integer(options.subscribeTimeoutMs, 'subscribeTimeoutMs', 310000, 1, MAX_TIMER_MS),
    retry: Object.freeze(retryConfig(options.retry)),
    maxPublishQueue: integer(options.maxPublishQueue, 'maxPublishQueue', 1000, 1, Number.MAX_SAFE_INTEGER),
    pnsdk: pnsdkValue(env.pnsdk ?? PUBKIT_PNSDK, options.pnsdk),
    logger: loggerOf(options.logger),
  };
  return Object.freeze(config);
}

/** The request context of a client: keys, identity, timeouts and (when `cipherKey` is set) its cipher. */
export function toRequestContext(config: PubnubConfig, cipher?: MessageCipher): RequestContext {
  return {
    publishKey: config.publishKey,
    subscribeKey: config.subscribeKey,
    uuid: config.uuid,
    authKey: config.authKey,
    pnsdk: config.pnsdk,
    requestTimeoutMs: config.requestTimeoutMs,
    subscribeTimeoutMs: config.subscribeTimeoutMs,
    cipher,
  };
}

function resolveUuid(options: PubnubOptions, env: ConfigEnv): string {
  const uuid = options.uuid === undefined ? undefined : validateUuid(options.uuid, 'uuid');
  const pres = options.presUuid === undefined ? undefined : validateUuid(options.presUuid, 'presUuid');
  if (uuid !== undefined && pres !== undefined && uuid !== pres) {
    throw new PubnubValidationError('presUuid', `presUuid "${pres}" differs from uuid "${uuid}"; give one of them`);
  }
  return uuid ?? pres ?? validateUuid(env.random.uuid(), 'uuid');
}

function heartbeatInterval(value: unknown, heartbeat: number): number {
  if (value === undefined) return heartbeat === 0 ? 0 : heartbeat / 2 - 1;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PubnubValidationError('heartbeatInterval', `heartbeatInterval must be a number of seconds >= 0`);
  }
  if (value > 0 && heartbeat === 0) {
    throw new PubnubValidationError('heartbeatInterval', 'heartbeatInterval needs heartbeat (the presence timeout)');
  }
  if (value > 0 && (value < 1 || value >= heartbeat)) {
    throw new PubnubValidationError(
      'heartbeatInterval',
      `heartbeatInterval must be at least 1 and below heartbeat (${heartbeat}), got ${value}`,
    );
  }
  return value;
}

function retryConfig(value: RetryOptions | false | undefined): RetryConfig {
  if (value === false) return { baseDelayMs: 1000, maxDelayMs: 32000, jitterMs: 1000, maxAttempts: 0 };
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new PubnubValidationError('retry', 'retry must be an object or false');
  }
  const r = value ?? {};
  const baseDelayMs = integer(r.baseDelayMs, 'retry.baseDelayMs', 1000, 0, MAX_TIMER_MS);
  const maxDelayMs = integer(r.maxDelayMs, 'retry.maxDelayMs', Math.max(32000, baseDelayMs), 0, MAX_TIMER_MS);
  if (maxDelayMs < baseDelayMs) {
    throw new PubnubValidationError('retry.maxDelayMs', `retry.maxDelayMs (${maxDelayMs}) is below retry.baseDelayMs`);
  }
  const jitterMs = integer(r.jitterMs, 'retry.jitterMs', 1000, 0, MAX_TIMER_MS);
  const attempts = r.maxAttempts;
  const maxAttempts =
    attempts === Number.POSITIVE_INFINITY
      ? attempts
      : integer(attempts, 'retry.maxAttempts', Number.POSITIVE_INFINITY, 0, Number.MAX_SAFE_INTEGER);
  return { baseDelayMs, maxDelayMs, jitterMs, maxAttempts };
}
