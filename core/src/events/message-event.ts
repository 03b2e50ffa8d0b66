/**
 * Messages and signals as client-wide listeners receive them (docs/protocol.md §2.12): the envelope's channel, the
 * subscription that matched, the publish timetoken, the publisher, the payload and the publisher's `meta`, under
 * the official SDK's field names (`userMetadata` for `meta`), so a listener written for it reads them unchanged.
 */
import type { PubnubCryptoError } from '../errors.js';
import type { SubscribeEnvelope } from '../operations/subscribe.js';
import type { Timetoken } from '../timetoken.js';

/** A published message as a `message` listener receives it. */
export interface MessageEvent {
  /** The channel it was published on. */
  readonly channel: string;
  /**
   * The subscription that matched: a channel group, a wildcard pattern, or the channel itself. (The official SDK
   * gives `null` when it is the channel; pubkit always names it.)
   */
  readonly subscription: string;
  /** Its publish timetoken. */
  readonly timetoken: Timetoken;
  /** The publisher's uuid, when the publish carried one. */
  readonly publisher: string | undefined;
  /** The payload, decrypted when the client has a cipher key; the raw ciphertext when `error` is set. */
  readonly message: unknown;
  /** The publish's `meta`, when it had one. */
  readonly userMetadata?: unknown;
  /** Set when the payload could not be decrypted (wrong key, or not ciphertext). */
  readonly error?: PubnubCryptoError;
}

/** A signal as a `signal` listener receives it: the fields of a message (signals are never encrypted). */
export type SignalEvent = Omit<MessageEvent, 'error'>;

/** Reads a `message` or `signal` envelope into the event its listener receives (never fails: any payload goes). */
export function readMessageEvent(envelope: SubscribeEnvelope): MessageEvent {
  const event: { -readonly [K in keyof MessageEvent]: MessageEvent[K] } = {
    channel: envelope.channel,
    subscription: envelope.subscription,
    timetoken: envelope.timetoken,
    publisher: envelope.publisher,
    message: envelope.message,
  };
  if (envelope.meta !== undefined) event.userMetadata = envelope.meta;
  if (envelope.error !== undefined) event.error = envelope.error;
  return event;
}
