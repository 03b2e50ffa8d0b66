/**
 * What a join replays before its channel goes live (`Session.goLive` applies it).
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
import type { Replay } from './session.js';
import { type BridgeClient, readHistoryEntry } from './upstream.js';

/** One history page at most: 100 is the service's page limit (docs/protocol.md §5). */
const PAGE = 100;

/** What a join replays. */
export interface ReplayPlan {
  readonly client: BridgeClient;
  readonly historyOnJoin: number;
  readonly since: string | undefined;
}

async function fetchPage(channel: string, plan: ReplayPlan): Promise<{ frames: Frame[]; full: boolean }> {
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
 * Fetches what a join replays. A failed history read is reported as a `gap` (`history-failed`), not as a failed
 * subscribe: the live subscription works.
 */
export async function fetchReplay(channel: string, plan: ReplayPlan): Promise<Replay> {
  try {
    const fetched = await fetchPage(channel, plan);
    return { frames: fetched.frames, gapReason: fetched.full ? 'history-limit' : undefined, since: plan.since };
  } catch {
    return { frames: [], gapReason: 'history-failed', since: plan.since };
  }
}
