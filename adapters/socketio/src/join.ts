/**
 * Turning a pending channel live, with a history replay in between.
 *
 * Why it is safe against loss and duplicates: the channel went pending before the upstream subscription
 * connected, so every live message since then is in the pending buffer. History is fetched after the connect, so
 * it covers everything before that. The replay is delivered first; buffered live frames follow, minus those at or
 * below the newest timetoken already delivered (the watermark). The switch to live happens synchronously after
 * the await, so no live frame can slip between the buffer flush and the switch.
 *
 * `since` replays the newest page (up to 100) of messages after `since`; a full page may mean more were missed,
 * which the socket learns from a `gap` status. `historyOnJoin` replays the newest N messages.
 */
import { compareTimetokens } from '@pubkit/core';
import type { MessageEvent } from './protocol.js';
import { type Frame, makeFrame } from './relay-types.js';
import type { ChannelMode, Session } from './session.js';
import { type BridgeClient, readHistoryEntry } from './upstream.js';

/** One history page at most: 100 is the service's page limit (docs/protocol.md §5). */
const PAGE = 100;

/** What a join replays. */
export interface ReplayPlan {
  readonly client: BridgeClient;
  readonly historyOnJoin: number;
  readonly since: string | undefined;
}

async function fetchReplay(channel: string, plan: ReplayPlan): Promise<{ frames: Frame[]; full: boolean }> {
  const { since } = plan;
  const count = since !== undefined ? PAGE : plan.historyOnJoin;
  if (count === 0) return { frames: [], full: false };
  const page = await plan.client.history(channel, {
    count,
    includeToken: true,
    ...(since !== undefined ? { end: since } : {}),
  });
  const frames: Frame[] = [];
  for (const raw of page[0]) {
    const entry = readHistoryEntry(raw);
    if (entry?.timetoken === undefined) continue;
    // `end` is inclusive (docs/protocol.md §2.5): the message the browser saw last comes back and must not repeat.
    if (since !== undefined && compareTimetokens(entry.timetoken, since) <= 0) continue;
    const event: MessageEvent = { channel, message: entry.message, timetoken: entry.timetoken };
    frames.push(makeFrame('message', event));
  }
  return { frames, full: since !== undefined && page[0].length >= PAGE };
}

/**
 * Replays history to `session` for `channel`, then releases the pending buffer and marks the channel live.
 * Does nothing when the channel was left meanwhile. A failed history read is reported as a `gap`, not as a failed
 * subscribe: the live subscription works.
 */
export async function goLive<S>(
  session: Session<S>,
  channel: string,
  mode: ChannelMode,
  plan: ReplayPlan,
): Promise<void> {
  let replay: Frame[] = [];
  let gapReason: string | undefined;
  try {
    const fetched = await fetchReplay(channel, plan);
    replay = fetched.frames;
    if (fetched.full) gapReason = 'history-limit';
  } catch {
    gapReason = 'history-failed';
  }
  if (session.closed || session.channels.get(channel) !== mode || mode.live) return;
  let watermark = plan.since;
  for (const frame of replay) {
    session.deliver(frame);
    watermark = (frame.payload as MessageEvent).timetoken;
  }
  const lost = mode.lost;
  if (gapReason !== undefined || lost > 0) {
    const reason = gapReason ?? 'queue-full';
    session.deliver(makeFrame('status', { category: 'gap', channel, reason, ...(lost > 0 ? { dropped: lost } : {}) }));
  }
  for (const frame of mode.buffer) {
    const tt = frame.kind === 'message' ? (frame.payload as MessageEvent).timetoken : undefined;
    if (tt !== undefined && watermark !== undefined && compareTimetokens(tt, watermark) <= 0) continue;
    session.deliver(frame);
  }
  mode.live = true;
  mode.buffer = [];
  session.peer.joined?.(channel);
}
