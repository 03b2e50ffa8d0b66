/**
 * A bounded window of recently delivered messages, so each is emitted once (docs/architecture.md §4).
 *
 * Why duplicates happen at all: after a reconnect the loop resumes from its last cursor, and after a channel-set
 * change it resumes from the cursor it had before the change (docs/protocol.md §8.2, quirk 18). The service may then hand
 * back messages the listener has already seen (a batch whose response was lost mid-flight, a region switch). A
 * message is identified by its publish timetoken, its channel and its publisher: two publishes on one channel can
 * share a timetoken only across publishers.
 *
 * Why it is shaped this way (the hot path of every delivered message, issue 4's per-message CPU goal):
 * - The window is plain immutable data, so the subscribe machine's state stays a value: `admitMessages` returns a
 *   new window and never touches the one it was given.
 * - It also remembers `newest`, the greatest timetoken it ever admitted. A message whose timetoken is greater than
 *   that (and than every message before it in the batch) cannot repeat anything remembered, so a batch that only
 *   moves forward — every live batch — is admitted without building a key or a set: one string comparison per
 *   message. Only a batch that goes back (a resume, a region switch, a batch not in timetoken order) pays for the
 *   key set, from its first such message on.
 * - Identities are kept flat (timetoken, channel, publisher, timetoken, …), the strings the envelopes already hold:
 *   no key string or object per message, and no payload kept alive by the window.
 * - Windows share an append-only log: a new window writes its batch into slots no window has used yet and moves its
 *   `start`/`end`, so a running subscriber copies no identities per response; what an older window sees
 *   (`log[start..end)`) is never written again, which keeps every window a value (`appendIds`).
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

/**
 * Recently delivered messages: plain data, never changed once made. Its identities are `log[start..end)`; `log` is
 * an array shared with the windows made before and after it, only ever appended to past the `end` of the newest of
 * them, so each window's slice stays what it was (file header).
 */
export interface DedupeWindow {
  /**
   * An append-only log of identities, three strings each: timetoken, channel, publisher (`''` when the publish
   * carried none). Only `log[start..end)` belongs to this window, oldest first; slots past `end` may hold later
   * windows' identities or nothing yet.
   */
  readonly log: readonly string[];
  /** Index in `log` of this window's oldest identity (a multiple of 3 from `end`). */
  readonly start: number;
  /** Index in `log` just past this window's newest identity. */
  readonly end: number;
  /**
   * The greatest timetoken admitted so far (`''` before the first), in the order of `laterTimetoken`; it
   * outlives the identities that fall out, so it is only ever an upper bound of those in the window.
   */
  readonly newest: string;
}

/**
 * A window that remembers nothing. Not frozen, only typed read-only: a frozen object has another hidden class than
 * the windows `admitMessages` makes, and the optimized hot path would be thrown away each time a session starts.
 * For the same reason its empty `log` is an array that has held a string, allocated like the logs `appendIds`
 * makes: a bare `[]` has another elements kind (small integers) than the string arrays of later windows, and V8,
 * which tracks the map of what a field holds, would deoptimize `admitMessages` the first time a session started
 * again from this window.
 */
export const EMPTY_DEDUPE_WINDOW: DedupeWindow = { log: emptyStrings(), start: 0, end: 0, newest: '' };

/**
 * An empty array of the elements kind `appendIds` makes (holey strings: arrays allocated at their capacity). Its
 * capacity is 0, so the first window made from the empty one gets a log of its own and nothing is written here.
 */
function emptyStrings(): string[] {
  const ids = new Array<string>(1);
  ids[0] = '';
  ids.length = 0;
  return ids;
}

/** How many recent messages the window remembers. @default 256 (more than one full catch-up batch of 100) */
export const DEFAULT_DEDUPE_WINDOW_SIZE = 256;

/** The key of a message in the window's lookup set. */
export function messageKey(message: MessageIdentity): string {
  return idKey(message.timetoken, message.channel, message.publisher ?? '');
}

function idKey(timetoken: string, channel: string, publisher: string): string {
  // `\n` cannot occur in a channel name (docs/protocol.md §8.5) nor in a timetoken, so the key is unambiguous.
  return `${timetoken}\n${channel}\n${publisher}`;
}

/**
 * True when timetoken `a` comes after `b`: longer first, then by characters. For timetokens (digits, no leading
 * zero) that is the numeric order without BigInt (17 digits exceed 2^53, docs/protocol.md §8.2); for any strings it is a
 * total order, which is all the window needs to be right: `a` after the greatest remembered one equals none of them.
 */
export function laterTimetoken(a: string, b: string): boolean {
  return a.length === b.length ? a > b : a.length > b.length;
}

/**
 * Splits `messages` into those not seen before (in their original order) and the window that remembers them too.
 * A duplicate inside the batch itself is also dropped. When nothing is dropped, `fresh` is `messages` itself.
 * @param size how many messages the returned window remembers; 0 disables de-duplication
 */
export function admitMessages<M extends MessageIdentity>(
  window: DedupeWindow,
  messages: readonly M[],
  size: number = DEFAULT_DEDUPE_WINDOW_SIZE,
): { readonly fresh: readonly M[]; readonly window: DedupeWindow } {
  if (size <= 0) return { fresh: messages, window: EMPTY_DEDUPE_WINDOW };
  if (messages.length === 0) return { fresh: messages, window };
  if (inOrder(window.newest, messages)) {
    // Every live batch: nothing to look up, every message is fresh.
    const newest = messages[messages.length - 1]!.timetoken;
    return { fresh: messages, window: appendIds(window, messages, size * 3, newest) };
  }
  let newest = window.newest;
  /** Keys of the window and the batch so far, built at the first message that is not after all of them. */
  let seen: Set<string> | undefined;
  /** The fresh messages, copied out only once a duplicate is found: until then they are `messages[0..i)`. */
  let fresh: M[] | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    const { timetoken, channel } = message;
    if (seen === undefined) {
      // `newest === ''` first: the first message of a session must not be the only one to take a branch of the
      // comparison (an optimized hot path would be discarded at every new session for want of type feedback).
      if (newest === '' || laterTimetoken(timetoken, newest)) {
        newest = timetoken;
        continue;
      }
      seen = keySet(window);
      for (let j = 0; j < i; j++) seen.add(messageKey(messages[j]!));
    }
    const key = idKey(timetoken, channel, message.publisher ?? '');
    if (seen.has(key)) {
      fresh ??= messages.slice(0, i);
      continue;
    }
    seen.add(key);
    if (newest === '' || laterTimetoken(timetoken, newest)) newest = timetoken;
    fresh?.push(message);
  }
  const admitted = fresh ?? messages;
  if (admitted.length === 0) return { fresh: admitted, window };
  return { fresh: admitted, window: appendIds(window, admitted, size * 3, newest) };
}

/** How many windows' worth of identities a log holds before the next window starts a new one. */
const LOG_WINDOWS = 4;

/**
 * The window after `old` that also remembers `added` (its last `keep` identities, `keep` a multiple of 3). This runs
 * once per response: copying the window into a new array each time allocated about 60 bytes per delivered message
 * (docs/performance.md §2). Instead the identities are written past `old.end` in `old.log` when those slots are
 * still empty — `old` is then the newest window of its log, as every window is in a running subscriber — so a log
 * of `LOG_WINDOWS` windows is allocated once per (LOG_WINDOWS - 1) windows of messages (about 32 bytes per message
 * at the default size). A log that is full, or already written past `old.end` by another window made from `old`
 * (a branch: a test, or a state kept and stepped twice), is not touched: the window's last identities are copied
 * into a new log. Memory stays bounded: one log of `LOG_WINDOWS × keep` strings per live window chain.
 */
function appendIds(old: DedupeWindow, added: readonly MessageIdentity[], keep: number, newest: string): DedupeWindow {
  const fromAdded = Math.min(added.length, keep / 3);
  let log = old.log as string[];
  let start = old.start;
  let end = old.end;
  if (end + fromAdded * 3 > log.length || log[end] !== undefined) {
    const fromOld = Math.min(end - start, keep - fromAdded * 3);
    const copy = new Array<string>(keep * LOG_WINDOWS);
    for (let i = 0; i < fromOld; i++) copy[i] = log[end - fromOld + i]!;
    log = copy;
    start = 0;
    end = fromOld;
  }
  for (let i = added.length - fromAdded; i < added.length; i++) {
    const message = added[i]!;
    log[end++] = message.timetoken;
    log[end++] = message.channel;
    log[end++] = message.publisher ?? '';
  }
  if (end - start > keep) start = end - keep;
  return { log, start, end, newest };
}

/** True when every message comes after `newest` and after the one before it: no key can repeat (file header). */
function inOrder(newest: string, messages: readonly MessageIdentity[]): boolean {
  let last = newest;
  for (let i = 0; i < messages.length; i++) {
    const timetoken = messages[i]!.timetoken;
    if (last !== '' && !laterTimetoken(timetoken, last)) return false;
    last = timetoken;
  }
  return true;
}

/** The lookup keys of a window's identities. */
function keySet(window: DedupeWindow): Set<string> {
  const { log, end } = window;
  const keys = new Set<string>();
  for (let i = window.start; i + 2 < end; i += 3) keys.add(idKey(log[i]!, log[i + 1]!, log[i + 2]!));
  return keys;
}
