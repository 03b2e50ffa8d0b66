/**
 * What a join replays before its channel goes live (`Session.goLive` applies it).
 *
 * Why it is safe against loss and duplicates: the channel went pending before the upstream subscription
 * connected, so every live message since then is in the pending buffer. History is fetched after the connect, so
 * it covers everything before that. The replay is delivered first; buffered live frames follow, minus those at or
 * below the newest timetoken already delivered (the watermark). The switch to live happens synchronously after
 * the await, so no live frame can slip between the buffer flush and the switch.
 *
 * The stored part is read by `@pubkit/node`'s one catch-up engine (`catchUp`): `since` replays every message after
 * `since`, up to `maxResume` (the newest), so a resume spans any number of history pages; when more were missed
 * the socket learns it from a `gap` status (`history-limit`). `historyOnJoin` replays the newest N messages.
 */
import { catchUp } from '@pubkit/node';
import type { MessageEvent } from './protocol.js';
import { type Frame, makeFrame } from './relay-types.js';
import type { Replay } from './session.js';
import type { BridgeClient } from './upstream.js';

/** What a join replays. */
export interface ReplayPlan {
  readonly client: BridgeClient;
  readonly historyOnJoin: number;
  /** Most messages a `since` resume replays. */
  readonly maxResume: number;
  readonly since: string | undefined;
}

async function fetchStored(channel: string, plan: ReplayPlan): Promise<{ frames: Frame[]; more: boolean }> {
  const { since } = plan;
  const limit = since !== undefined ? plan.maxResume : plan.historyOnJoin;
  if (limit === 0) return { frames: [], more: false };
  const { messages, more } = await catchUp(plan.client, { channel, after: since, limit });
  const frames = messages.map((m) => {
    const event: MessageEvent = { channel, message: m.message, timetoken: m.timetoken };
    return makeFrame('message', event);
  });
  return { frames, more: since !== undefined && more };
}

/**
 * Fetches what a join replays. A failed history read is reported as a `gap` (`history-failed`), not as a failed
 * subscribe: the live subscription works.
 */
export async function fetchReplay(channel: string, plan: ReplayPlan): Promise<Replay> {
  try {
    const fetched = await fetchStored(channel, plan);
    return { frames: fetched.frames, gapReason: fetched.more ? 'history-limit' : undefined, since: plan.since };
  } catch {
    return { frames: [], gapReason: 'history-failed', since: plan.since };
  }
}
