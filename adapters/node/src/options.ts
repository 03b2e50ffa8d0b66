/**
 * The options of `new Pubnub(options)`: the core's `PubnubOptions` (the seed constructor's arguments in camelCase,
 * docs/architecture.md §5, checked and defaulted by `createConfig`) plus the few knobs only the Node transport has. Everything
 * here is synchronous and opens nothing.
 */
import {
  type PubnubOptions as CorePubnubOptions,
  createConfig,
  type Logger,
  type Operation,
  type PubnubConfig,
  PubnubValidationError,
  type ResponseLimits,
  resolveResponseLimits,
} from '@pubkit/core';

/** Options of `new Pubnub(options)`: see the core's `PubnubOptions` for every seed option and its default. */
export interface PubnubOptions extends CorePubnubOptions {
  /** Most ordered publishes pipelined at once on the keep-alive publish connection (with `pooling`). @default 32 */
  readonly publishPipelining?: number | undefined;
  /**
   * Most bytes of a response body: one number for every operation, or an object by operation (the others keep
   * their defaults). Past it the request fails with `PubnubResponseTooLargeError` and its connection is dropped.
   * @default core's `MAX_RESPONSE_BYTES` (1 MiB for acknowledgements, 8 MiB for subscribe and history, 16 MiB else)
   */
  readonly maxResponseBytes?: number | ResponseLimits | undefined;
  /**
   * The filter the service applies to every message before delivering it to this client's subscriptions, sent as
   * `filter-expr` (PubNub's filter language over `meta` and the publisher's `uuid`, e.g. `"meta.priority > 2"`);
   * `setFilterExpression` changes it. The official SDK's name. @default none
   */
  readonly filterExpression?: string | undefined;
}

/** The core config plus the Node client's own settings. */
export interface ClientConfig extends PubnubConfig {
  readonly publishPipelining: number;
  /** The initial service-side filter of subscriptions, `undefined` for none. */
  readonly filterExpression: string | undefined;
  /** The response limit of an operation, in bytes. */
  readonly maxResponseBytes: (operation: Operation) => number;
}

/**
 * Every option `new Pubnub()` takes: the core's `PubnubOptions` and this file's. An option added to either must be
 * added here, or the constructor refuses it as unknown.
 */
const OPTION_NAMES: ReadonlySet<string> = new Set([
  'publishKey',
  'subscribeKey',
  'secretKey',
  'cipherKey',
  'authKey',
  'ssl',
  'origin',
  'uuid',
  'presUuid',
  'pooling',
  'useRandomIVs',
  'heartbeat',
  'heartbeatInterval',
  'requestTimeoutMs',
  'subscribeTimeoutMs',
  'retry',
  'maxPublishQueue',
  'pnsdk',
  'logger',
  'publishPipelining',
  'maxResponseBytes',
  'filterExpression',
]);

/**
 * What to use instead of an option of the official JS SDK (v7) that pubkit does not take (docs/migrating.md). Each
 * refused with its hint, so a migrated configuration fails loudly rather than being half ignored.
 */
const OFFICIAL_SDK_HINTS: Readonly<Record<string, string>> = {
  userId: 'use `uuid`',
  logVerbosity: 'use `logger` (console or a pino-shaped logger; requests are logged at debug)',
  presenceTimeout: 'use `heartbeat` (seconds)',
  subscribeRequestTimeout: 'use `subscribeTimeoutMs`',
  transactionalRequestTimeout: 'use `requestTimeoutMs`',
  keepAlive: 'use `pooling`',
  keepAliveSettings: 'use `pooling` (keep-alive is on by default)',
  retryConfiguration: 'use `retry` ({ baseDelayMs, maxDelayMs, maxAttempts, jitterMs } or false)',
  cryptoModule: 'use `cipherKey` (and `useRandomIVs`)',
  customEncrypt: 'use `cipherKey`; custom ciphers are not supported',
  customDecrypt: 'use `cipherKey`; custom ciphers are not supported',
  secure: 'use `ssl`',
  sdkName: 'use `pnsdk` (appended to the pnsdk query value)',
  partnerId: 'use `pnsdk` (appended to the pnsdk query value)',
  restore: 'remove it: the subscribe loop always resumes from its last cursor',
  enableEventEngine: 'remove it: the subscribe loop is always a state machine',
  dedupeOnSubscribe: 'remove it: the subscriber always de-duplicates',
  maximumCacheSize: 'remove it: the subscriber always de-duplicates',
  suppressLeaveEvents: 'remove it: unsubscribe always sends a leave',
  announceSuccessfulHeartbeats: 'remove it: use a subscription `status` callback',
  announceFailedHeartbeats: 'remove it: use a subscription `status` callback',
  autoNetworkDetection: 'remove it: the subscribe loop retries on its own (see `retry`)',
  listenToBrowserNetworkEvents: 'remove it: pubkit runs on Node',
  requestMessageCountThreshold: 'remove it',
  useInstanceId: 'remove it',
  useRequestId: 'remove it',
  fileUploadPublishRetryLimit:
    'remove it: sendFile never resends the file message; on PubnubFilePublishError call publishFile with its fileId and fileName',
  proxy: 'remove it: proxies are not supported',
};

/** The call shape of pino (and bunyan-like) loggers: fields first, then the message. */
interface FieldsFirstLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  child(bindings: Record<string, unknown>): unknown;
  levels: object;
}

/**
 * The `logger` option as the core's `Logger` (`debug(message, fields)`, the console shape). A pino-shaped logger
 * (it has `child` and `levels`) takes the fields first, so its calls are turned around; anything else is passed to
 * the core as given, which checks it has the four methods.
 */
function adaptLogger(value: unknown): Logger | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Partial<FieldsFirstLogger>;
  if (typeof candidate.child !== 'function' || typeof candidate.levels !== 'object') return undefined;
  const pino = value as FieldsFirstLogger;
  const call =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>): void =>
      pino[level](fields ?? {}, message);
  return { debug: call('debug'), info: call('info'), warn: call('warn'), error: call('error') };
}

/**
 * Refuses an option `new Pubnub()` does not take, with the pubkit name when it is the official SDK's.
 * @throws PubnubValidationError naming the option
 */
function refuseUnknown(options: object): void {
  for (const name of Object.keys(options)) {
    if (OPTION_NAMES.has(name)) continue;
    const hint = OFFICIAL_SDK_HINTS[name];
    throw new PubnubValidationError(
      name,
      hint === undefined
        ? `${name} is not a pubkit option (see PubnubOptions for the ones it takes)`
        : `${name} is not a pubkit option; ${hint}`,
    );
  }
}

/**
 * Checks the options and fills in defaults.
 * @param newUuid draws the default uuid
 * @throws PubnubValidationError naming the first bad option, or an unknown one (official SDK names get a hint)
 */
export function resolveClientOptions(options: PubnubOptions, newUuid: () => string): ClientConfig {
  const { publishPipelining: _depth, maxResponseBytes: _limits, filterExpression, ...coreOptions } = options;
  // The core's checks run first: they name a missing key or a seed (snake_case) name better than "unknown".
  const logger = adaptLogger(options.logger);
  const config = createConfig(logger === undefined ? coreOptions : { ...coreOptions, logger }, {
    random: { uuid: newUuid },
  });
  refuseUnknown(options);
  const depth = options.publishPipelining ?? 32;
  if (!Number.isInteger(depth) || depth < 1 || depth > 1024) {
    throw new PubnubValidationError('publishPipelining', 'publishPipelining must be a whole number from 1 to 1024');
  }
  const maxResponseBytes = resolveResponseLimits(options.maxResponseBytes);
  if (filterExpression !== undefined && typeof filterExpression !== 'string') {
    throw new PubnubValidationError('filterExpression', 'filterExpression must be a string');
  }
  const filter = filterExpression === '' ? undefined : filterExpression;
  return Object.freeze({ ...config, publishPipelining: depth, maxResponseBytes, filterExpression: filter });
}
