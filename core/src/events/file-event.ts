/**
 * File events (`e: 4`, docs/protocol.md §2.12) as client-wide listeners receive them: the official SDK's
 * `{ channel, subscription, timetoken, publisher, message, file: { id, name, url }, userMetadata }`. The envelope
 * carries no URL; the reader takes the client's URL builder (the Files API's), so this file stays the one reader.
 */
import { decodeMessage } from '../cipher/payload.js';
import type { MessageCipher } from '../context.js';
import type { SubscribeEnvelope } from '../operations/subscribe.js';
import { isRecord } from '../response.js';
import type { Timetoken } from '../timetoken.js';

/** The shared file an event announces. */
export interface FileEventFile {
  readonly id: string;
  readonly name: string;
  /** Where to download it; absent when the client reading the event has no URL builder for files. */
  readonly url?: string;
}

/** A file shared on a channel, as a `file` listener receives it. */
export interface FileEvent {
  readonly channel: string;
  /** The subscription that matched (a group, a pattern or the channel itself). */
  readonly subscription: string;
  /** The event's timetoken in the channel. */
  readonly timetoken: Timetoken;
  /** The uuid that shared the file. */
  readonly publisher: string | undefined;
  /** The caption sent with the file (any JSON), when there was one. */
  readonly message: unknown;
  readonly file: FileEventFile;
  /** The publish's `meta`, when it had one. */
  readonly userMetadata?: unknown;
}

/** How {@link readFileEvent} completes an event. */
export interface FileEventReading {
  /** Decrypts a payload sent encrypted (the whole `{message, file}` object is ciphertext then). */
  readonly cipher?: MessageCipher | undefined;
  /** The download URL of a file, e.g. the Files API's `getFileUrl`. */
  readonly fileUrl?: ((file: { channel: string; id: string; name: string }) => string) | undefined;
}

/**
 * Reads an `e: 4` envelope, or undefined when its payload is not a file event (or is ciphertext this client cannot
 * decrypt).
 */
export function readFileEvent(envelope: SubscribeEnvelope, reading: FileEventReading = {}): FileEvent | undefined {
  if (envelope.eventType !== 'file') return undefined;
  let d = envelope.message;
  if (typeof d === 'string' && reading.cipher !== undefined) d = decodeMessage(d, reading.cipher).message;
  if (!isRecord(d) || !isRecord(d.file)) return undefined;
  const { id, name } = d.file;
  if (typeof id !== 'string' || typeof name !== 'string') return undefined;
  const url = reading.fileUrl?.({ channel: envelope.channel, id, name });
  const event: { -readonly [K in keyof FileEvent]: FileEvent[K] } = {
    channel: envelope.channel,
    subscription: envelope.subscription,
    timetoken: envelope.timetoken,
    publisher: envelope.publisher,
    message: d.message,
    file: url === undefined ? { id, name } : { id, name, url },
  };
  if (envelope.meta !== undefined) event.userMetadata = envelope.meta;
  return event;
}
