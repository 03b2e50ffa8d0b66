/**
 * A bounded window of recently delivered messages, so each is emitted once (DESIGN §4).
 *
 * Why duplicates happen at all: after a reconnect the loop resumes from its last cursor, and after a channel-set
 * change it resumes from the cursor it had before the change (PROTOCOL §8.2, quirk 18). The service may then hand
 * back messages the listener has already seen (a batch whose response was lost mid-flight, a region switch). A
 * message is identified by its publish timetoken, its channel and its publisher: two publishes on one channel can
 * share a timetoken only across publishers.
 *
 * The window is plain data (an array of keys, oldest first) so the subscribe machine's state stays immutable.
 */

/** The fields of a delivered message that identify it. `SubscribeEnvelope` from `operations/` has them. */
export interface MessageIdentity {
  /** The actual channel. */
  readonly channel: string;
  /** Publish timetoken. */
  readonly timetoken: string;
  /** Publisher uuid, when the publish carried one. */
  readonly publisher?: string | undefined;
}

/** Recent message keys, oldest first. */
export type DedupeWindow = readonly string[];

/** How many recent messages the window remembers. @default 256 (more than one full catch-up batch of 100) */
export const DEFAULT_DEDUPE_WINDOW_SIZE = 256;

/** The key of a message in the window. */
export function messageKey(message: MessageIdentity): string {
  // `\n` cannot occur in a channel name (PROTOCOL §8.5) nor in a timetoken, so the key is unambiguous.
  return `${message.timetoken}\n${message.channel}\n${message.publisher ?? ''}`;
}

/**
 * Splits `messages` into those not seen before (in their original order) and the window that remembers them too.
 * A duplicate inside the batch itself is also dropped.
 * @param size how many keys the returned window keeps; 0 disables de-duplication
 */
export function admitMessages<M extends MessageIdentity>(
  window: DedupeWindow,
  messages: readonly M[],
  size: number = DEFAULT_DEDUPE_WINDOW_SIZE,
): { readonly fresh: readonly M[]; readonly window: DedupeWindow } {
  if (size <= 0) return { fresh: messages, window: [] };
  const seen = new Set(window);
  const fresh: M[] = [];
  const added: string[] = [];
  for (const message of messages) {
    const key = messageKey(message);
    if (seen.has(key)) continue;
    seen.add(key);
    added.push(key);
    fresh.push(message);
  }
  if (added.length === 0) return { fresh, window };
  const next = [...window, ...added];
  return { fresh, window: next.length > size ? next.slice(next.length - size) : next };
}
