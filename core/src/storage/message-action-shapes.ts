/**
 * The shapes message actions travel in (docs/protocol.md §13.5, §13.6), shared by the actions calls, fetch
 * messages with actions and the subscribe event: one action, the per-message grouping, and their readers.
 */
import { readTimetoken } from '../operations/common.js';
import { isRecord } from '../response.js';
import type { Timetoken } from '../timetoken.js';

/** One message action, as the service returns it. */
export interface MessageAction {
  /** What the action means (`reaction`, `receipt`…), 1–15 characters. */
  readonly type: string;
  /** Its value (`smiley_face`, `read`…), 1–1,000 characters. */
  readonly value: string;
  /** The uuid that added it. */
  readonly uuid: string;
  readonly actionTimetoken: Timetoken;
  readonly messageTimetoken: Timetoken;
}

/** The actions of one message: by type, then value, the uuids that added it and when. */
export type MessageActionsOf = Record<string, Record<string, { uuid: string; actionTimetoken: Timetoken }[]>>;

/** Reads one action object, or undefined when it is not one. */
export function readAction(value: unknown): MessageAction | undefined {
  if (!isRecord(value)) return undefined;
  const actionTimetoken = readTimetoken(value.actionTimetoken);
  const messageTimetoken = readTimetoken(value.messageTimetoken);
  const { type, value: v, uuid } = value;
  if (typeof type !== 'string' || typeof v !== 'string' || typeof uuid !== 'string') return undefined;
  if (actionTimetoken === undefined || messageTimetoken === undefined) return undefined;
  return { type, value: v, uuid, actionTimetoken, messageTimetoken };
}

/** Reads the `actions` object of a fetched message; parts of the wrong shape are left out. */
export function readActionsOf(value: unknown): MessageActionsOf {
  const out: MessageActionsOf = Object.create(null);
  if (!isRecord(value)) return out;
  for (const [type, values] of Object.entries(value)) {
    if (!isRecord(values)) continue;
    const byValue: MessageActionsOf[string] = Object.create(null);
    for (const [v, list] of Object.entries(values)) {
      if (!Array.isArray(list)) continue;
      byValue[v] = list.flatMap((item) => {
        const actionTimetoken = isRecord(item) ? readTimetoken(item.actionTimetoken) : undefined;
        return isRecord(item) && typeof item.uuid === 'string' && actionTimetoken !== undefined
          ? [{ uuid: item.uuid, actionTimetoken }]
          : [];
      });
    }
    out[type] = byValue;
  }
  return out;
}
