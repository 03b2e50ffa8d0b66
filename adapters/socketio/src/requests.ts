/**
 * Reading browser requests. Everything a browser sends is untrusted JSON: each reader checks the shape and the
 * channel rules (the same `validateChannel` the client uses, docs/protocol.md §8.5) and throws a `BridgeFailure` whose
 * code the transport puts in the ack. Nothing here changes state, so a refused request changes nothing.
 */
import { isTimetoken, MAX_MESSAGE_BYTES, PubnubValidationError, utf8Length, validateChannel } from '@pubkit/core';
import type { BridgeError, BridgeErrorCode, PublishRequest } from './protocol.js';

/** A refused request; `toJSON()` is the ack's error. */
export class BridgeFailure extends Error {
  readonly code: BridgeErrorCode;
  constructor(code: BridgeErrorCode, message: string) {
    super(message);
    this.name = 'BridgeFailure';
    this.code = code;
  }
  /** The `{ code, message }` sent to the browser. */
  toJSON(): BridgeError {
    return { code: this.code, message: this.message };
  }
}

/** The ack error for anything thrown while serving a request; unknown errors do not leak their text. */
export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof BridgeFailure) return error.toJSON();
  return { code: 'UPSTREAM', message: 'the request failed upstream' };
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BridgeFailure('BAD_REQUEST', `${what} must be an object`);
  }
  return value as Record<string, unknown>;
}

function channelName(value: unknown, field: string): string {
  try {
    return validateChannel(value, field);
  } catch (error) {
    if (error instanceof PubnubValidationError) throw new BridgeFailure('INVALID_CHANNEL', error.message);
    throw error;
  }
}

/** Reads `{ channels: string[] }`: de-duplicated, each name valid, at least one. */
export function readChannels(value: unknown, what: string): string[] {
  const channels = record(value, what).channels;
  if (!Array.isArray(channels) || channels.length === 0) {
    throw new BridgeFailure('BAD_REQUEST', `${what}.channels must be a non-empty array of channel names`);
  }
  return [...new Set(channels.map((c) => channelName(c, 'channels')))];
}

/** Reads a subscribe request. */
export function readSubscribe(value: unknown): { channels: string[]; since: string | undefined } {
  const channels = readChannels(value, 'subscribe');
  const since = record(value, 'subscribe').since;
  if (since !== undefined && !(isTimetoken(since) && since !== '0')) {
    throw new BridgeFailure('BAD_REQUEST', 'since must be a timetoken string of digits, such as "17000000000000000"');
  }
  return { channels, since };
}

/** Reads a publish request and checks the message fits (docs/protocol.md §5: 32 KiB of JSON). */
export function readPublish(value: unknown): PublishRequest {
  const request = record(value, 'publish');
  const channel = channelName(request.channel, 'channel');
  // `in`, not truthiness: 0, false, "" and null are messages (docs/architecture.md §4).
  if (!('message' in request) || request.message === undefined) {
    throw new BridgeFailure('BAD_REQUEST', 'publish needs a message');
  }
  const size = utf8Length(JSON.stringify(request.message));
  if (size > MAX_MESSAGE_BYTES) {
    throw new BridgeFailure(
      'MESSAGE_TOO_LARGE',
      `the message is ${size} bytes as JSON; the limit is ${MAX_MESSAGE_BYTES} bytes (32 KiB)`,
    );
  }
  return { channel, message: request.message };
}
