/**
 * Status categories: the official SDK's names for what pubkit's subscribe loop reports (`SubscribeStatus`, core's
 * machine), so a `status` listener written for the SDK branches the same way. The mapping, and where pubkit says
 * more than the SDK 7.x did (a `gap`, a callback that threw), is the table in the node README ("Listeners") and
 * docs/migrating.md. Pure functions: the listener set (`listeners.ts`) calls them once per status.
 */
import {
  PubnubAccessDeniedError,
  type PubnubError,
  PubnubMalformedResponseError,
  PubnubNetworkError,
  PubnubServiceError,
  PubnubTimeoutError,
  type SubscribeStatus,
  type Timetoken,
} from '@pubkit/core';

/**
 * The category names a `status` listener receives, as `Pubnub.CATEGORIES` (the official SDK's static of that name).
 * All but the last two are the official SDK's; `PNGapCategory` and `PNCallbackErrorCategory` are pubkit's own.
 */
export const StatusCategory = {
  /** Subscribed with a new set of channels: the first connection, and every later change of the set. */
  PNConnectedCategory: 'PNConnectedCategory',
  /** The first answer after an outage, a `disconnect()` or a fatal error. */
  PNReconnectedCategory: 'PNReconnectedCategory',
  /** Stopped on purpose: `disconnect()`, or nothing left subscribed (then `operation` is `PNUnsubscribeOperation`). */
  PNDisconnectedCategory: 'PNDisconnectedCategory',
  /** 403: the auth key or token lacks `read` on a channel or group (`errorData.channels` names them). */
  PNAccessDeniedCategory: 'PNAccessDeniedCategory',
  /** The connection failed (refused, reset, cut); pubkit retries with backoff unless `error` was fatal. */
  PNNetworkIssuesCategory: 'PNNetworkIssuesCategory',
  /** No answer within the subscribe request's timeout; retried like a network issue. */
  PNTimeoutCategory: 'PNTimeoutCategory',
  /** The service refused the request as malformed (400, and other 4xx but 403 and 429): not retried. */
  PNBadRequestCategory: 'PNBadRequestCategory',
  /** The answer is not the service's (an HTML page, a proxy's error, a body too large); retried with backoff. */
  PNMalformedResponseCategory: 'PNMalformedResponseCategory',
  /** Any other failure (5xx, 429), with `statusCode` when the service answered. */
  PNUnknownCategory: 'PNUnknownCategory',
  /**
   * pubkit's own: an outage outlived the service's catch-up window, or the service lost its state; messages after
   * `lastTimetoken` up to `currentTimetoken` may be missing (fetch them from history, or subscribe with `backfill`).
   */
  PNGapCategory: 'PNGapCategory',
  /** pubkit's own: a listener threw; `errorData` is the `PubnubCallbackError` (its `cause` is what was thrown). */
  PNCallbackErrorCategory: 'PNCallbackErrorCategory',
} as const;

/** One of {@link StatusCategory}'s names. */
export type StatusCategoryName = (typeof StatusCategory)[keyof typeof StatusCategory];

/** The operation a status is about, under the official SDK's names. */
export type StatusOperation = 'PNSubscribeOperation' | 'PNUnsubscribeOperation';

/** What a `status` listener receives: the official SDK's status fields, plus pubkit's own status as `detail`. */
export interface StatusEvent {
  readonly category: StatusCategoryName;
  readonly operation: StatusOperation;
  /** True for a failure (the loop retries unless `detail.category` is `error`). */
  readonly error: boolean;
  /** The HTTP status the service answered, for failures that came with an answer. */
  readonly statusCode?: number;
  /** The failure: a `PubnubError` (e.g. `PubnubAccessDeniedError` with `channels`), or the callback error. */
  readonly errorData?: Error;
  /** The channels (`-pnpres` names included) this status is about: for `PNConnectedCategory`, the ones just added. */
  readonly affectedChannels: readonly string[];
  readonly affectedChannelGroups: readonly string[];
  /** Every channel of the long-poll at the time of the status. */
  readonly subscribedChannels: readonly string[];
  readonly subscribedChannelGroups: readonly string[];
  /** The cursor before the status (for `PNGapCategory`, where messages may be missing from). */
  readonly lastTimetoken?: Timetoken;
  /** The cursor the loop goes on from. */
  readonly currentTimetoken?: Timetoken;
  /** pubkit's status this was made from (`gap` reason and outage, retry `attempts`, the disconnect `reason`). */
  readonly detail?: SubscribeStatus;
}

/** The category of a failure, by its error class (see {@link StatusCategory}). */
export function categoryOfError(error: unknown): StatusCategoryName {
  if (error instanceof PubnubAccessDeniedError) return StatusCategory.PNAccessDeniedCategory;
  if (error instanceof PubnubTimeoutError) return StatusCategory.PNTimeoutCategory;
  if (error instanceof PubnubNetworkError) return StatusCategory.PNNetworkIssuesCategory;
  if (error instanceof PubnubMalformedResponseError) return StatusCategory.PNMalformedResponseCategory;
  if (error instanceof PubnubServiceError) {
    const status = error.upstream.status;
    if (status >= 400 && status < 500 && status !== 429) return StatusCategory.PNBadRequestCategory;
  }
  return StatusCategory.PNUnknownCategory;
}

const NOTHING: ConnectedSet = { channels: [], groups: [] };

/** Channels and groups of the previous connected status, to tell which ones a new one added. */
export interface ConnectedSet {
  readonly channels: readonly string[];
  readonly groups: readonly string[];
}

/**
 * The status event for one of pubkit's statuses (e.g. from a per-call `status` callback). `previous` is the set of
 * the last connected status, so `affectedChannels` of a `PNConnectedCategory` names only what was added, as the
 * SDK's does; without it every channel counts as added.
 */
export function statusEventOf(status: SubscribeStatus, previous: ConnectedSet = NOTHING): StatusEvent {
  const set = {
    subscribedChannels: status.channels,
    subscribedChannelGroups: status.groups,
    affectedChannels: status.channels,
    affectedChannelGroups: status.groups,
    detail: status,
  };
  switch (status.category) {
    case 'connected':
    case 'subscriptionChanged':
    case 'reconnected': {
      const connected = status.category !== 'reconnected';
      return {
        ...set,
        category: connected ? StatusCategory.PNConnectedCategory : StatusCategory.PNReconnectedCategory,
        operation: 'PNSubscribeOperation',
        error: false,
        currentTimetoken: status.cursor.timetoken,
        ...(connected
          ? {
              affectedChannels: added(status.channels, previous.channels),
              affectedChannelGroups: added(status.groups, previous.groups),
            }
          : {}),
      };
    }
    case 'disconnected':
      if (status.reason === 'failure') return failure(set, status.error);
      // `unsubscribed` names the channels left: none is subscribed any more.
      return {
        ...set,
        ...(status.reason === 'unsubscribed' ? { subscribedChannels: [], subscribedChannelGroups: [] } : {}),
        category: StatusCategory.PNDisconnectedCategory,
        operation: status.reason === 'unsubscribed' ? 'PNUnsubscribeOperation' : 'PNSubscribeOperation',
        error: false,
      };
    case 'error':
      return failure(set, status.error);
    case 'gap':
      return {
        ...set,
        category: StatusCategory.PNGapCategory,
        operation: 'PNSubscribeOperation',
        error: false,
        lastTimetoken: status.from,
        currentTimetoken: status.to,
      };
  }
}

function failure(set: Omit<StatusEvent, 'category' | 'operation' | 'error'>, error: Error): StatusEvent {
  const statusCode =
    error instanceof PubnubServiceError || error instanceof PubnubMalformedResponseError
      ? error.upstream.status
      : undefined;
  return {
    ...set,
    category: categoryOfError(error),
    operation: 'PNSubscribeOperation',
    error: true,
    errorData: error,
    ...(statusCode === undefined ? {} : { statusCode }),
  };
}

function added(now: readonly string[], before: readonly string[]): string[] {
  const old = new Set(before);
  return now.filter((name) => !old.has(name));
}

/** The status a `status` listener receives when another listener threw (pubkit's own category). */
export function callbackErrorStatus(error: PubnubError, subscribed: ConnectedSet): StatusEvent {
  return {
    category: StatusCategory.PNCallbackErrorCategory,
    operation: 'PNSubscribeOperation',
    error: true,
    errorData: error,
    affectedChannels: [],
    affectedChannelGroups: [],
    subscribedChannels: subscribed.channels,
    subscribedChannelGroups: subscribed.groups,
  };
}
