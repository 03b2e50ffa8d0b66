/**
 * Message actions (docs/protocol.md §13.5): add, remove and page the actions of a channel's messages.
 *
 * POST   /v1/message-actions/{sub}/channel/{ch}/message/{messageTT}                 body {"type","value"}
 * DELETE /v1/message-actions/{sub}/channel/{ch}/message/{messageTT}/action/{actionTT}
 * GET    /v1/message-actions/{sub}/channel/{ch}?[start]&[end]&[limit]
 *
 * Limits are PubNub's and checked before sending: `type` 1–15 characters, `value` 1–1,000, `limit` 1–100.
 */
import type { RequestContext } from '../context.js';
import { encodeComponent } from '../encoding.js';
import { PubnubValidationError } from '../errors.js';
import { commonQuery, readTimetoken, requireKey, validateTimetoken } from '../operations/common.js';
import type { PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';
import type { Timetoken } from '../timetoken.js';
import { validateChannel } from '../validation.js';
import { type MessageAction, readAction } from './message-action-shapes.js';

/** Longest action type. */
export const MAX_ACTION_TYPE = 15;
/** Longest action value. */
export const MAX_ACTION_VALUE = 1_000;
/** Largest page of `getMessageActions`. */
export const MAX_ACTIONS_LIMIT = 100;

/** Arguments of `addMessageAction()`. */
export interface AddMessageActionParams {
  readonly channel: string;
  readonly messageTimetoken: Timetoken;
  readonly action: { readonly type: string; readonly value: string };
}

/** Arguments of `removeMessageAction()`. */
export interface RemoveMessageActionParams {
  readonly channel: string;
  readonly messageTimetoken: Timetoken;
  readonly actionTimetoken: Timetoken;
}

/** Arguments of `getMessageActions()`. */
export interface GetMessageActionsParams {
  readonly channel: string;
  /** Exclusive upper bound on the action timetoken. */
  readonly start?: Timetoken | undefined;
  /** Inclusive lower bound on the action timetoken. */
  readonly end?: Timetoken | undefined;
  /** Page size, 1–100. @default 100 */
  readonly limit?: number | undefined;
}

/** A page of actions, oldest first; `more` when an older page may exist. */
export interface GetMessageActionsResult {
  readonly data: MessageAction[];
  /** Timetoken of the first (oldest) action of the page, or undefined when empty. */
  readonly start: Timetoken | undefined;
  /** Timetoken of the last action of the page, or undefined when empty. */
  readonly end: Timetoken | undefined;
  readonly more?: { readonly url: string; readonly start: Timetoken; readonly limit: number };
}

function path(
  ctx: RequestContext,
  channel: string,
  operation: 'addMessageAction' | 'removeMessageAction' | 'getMessageActions',
): string {
  const sub = encodeComponent(requireKey(ctx, 'subscribeKey', operation));
  return `/v1/message-actions/${sub}/channel/${encodeComponent(validateChannel(channel))}`;
}

function text(value: unknown, field: string, max: number, operation: 'addMessageAction'): string {
  if (typeof value !== 'string' || value === '' || [...value].length > max) {
    throw new PubnubValidationError(field, `${field} must be a string of 1 to ${max} characters`, { operation });
  }
  return value;
}

/**
 * Builds an add request.
 * @throws PubnubValidationError for a bad channel or message timetoken, a type or value outside its limits, or a
 *   missing subscribe key
 */
export function buildAddMessageAction(params: AddMessageActionParams, ctx: RequestContext): PnRequest {
  const operation = 'addMessageAction';
  const action: Record<string, unknown> = isRecord(params.action) ? params.action : {};
  const body = JSON.stringify({
    type: text(action.type, 'action.type', MAX_ACTION_TYPE, operation),
    value: text(action.value, 'action.value', MAX_ACTION_VALUE, operation),
  });
  const mtt = validateTimetoken(params.messageTimetoken, 'messageTimetoken');
  return {
    operation,
    method: 'POST',
    path: `${path(ctx, params.channel, operation)}/message/${mtt}`,
    query: commonQuery(ctx),
    headers: { 'Content-Type': 'application/json' },
    body,
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Reads the added action.
 * @throws PubnubServiceError for an error response (409 for an action already added, 400 for a bad one)
 * @throws PubnubMalformedResponseError when the body has no `data` action
 */
export function parseAddMessageAction(res: PnResponse): { data: MessageAction } {
  const json = readJson(res, 'addMessageAction');
  const data = isRecord(json) ? readAction(json.data) : undefined;
  return data ? { data } : malformed(res, 'addMessageAction', 'a body of the form {"data": {type, value, uuid, …}}');
}

/**
 * Builds a remove request.
 * @throws PubnubValidationError for a bad channel or timetoken, or a missing subscribe key
 */
export function buildRemoveMessageAction(params: RemoveMessageActionParams, ctx: RequestContext): PnRequest {
  const operation = 'removeMessageAction';
  const mtt = validateTimetoken(params.messageTimetoken, 'messageTimetoken');
  const att = validateTimetoken(params.actionTimetoken, 'actionTimetoken');
  return {
    operation,
    method: 'DELETE',
    path: `${path(ctx, params.channel, operation)}/message/${mtt}/action/${att}`,
    query: commonQuery(ctx),
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Reads the `{"data": {}}` answer.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response
 * @throws PubnubMalformedResponseError for any other body
 */
export function parseRemoveMessageAction(res: PnResponse): { data: Record<string, never> } {
  const json = readJson(res, 'removeMessageAction');
  if (!isRecord(json) || !isRecord(json.data)) {
    return malformed(res, 'removeMessageAction', 'a body of the form {"data": {}}');
  }
  return { data: {} };
}

/**
 * Builds a get request.
 * @throws PubnubValidationError for a bad channel, bound or limit, or a missing subscribe key
 */
export function buildGetMessageActions(params: GetMessageActionsParams, ctx: RequestContext): PnRequest {
  const operation = 'getMessageActions';
  const query: Record<string, string> = {};
  if (params.start !== undefined) query.start = validateTimetoken(params.start, 'start');
  if (params.end !== undefined) query.end = validateTimetoken(params.end, 'end');
  if (params.limit !== undefined) {
    if (!Number.isInteger(params.limit) || params.limit < 1 || params.limit > MAX_ACTIONS_LIMIT) {
      throw new PubnubValidationError('limit', `limit must be an integer from 1 to ${MAX_ACTIONS_LIMIT}`, {
        operation,
      });
    }
    query.limit = String(params.limit);
  }
  return {
    operation,
    method: 'GET',
    path: path(ctx, params.channel, operation),
    query: { ...query, ...commonQuery(ctx) },
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Reads a page of actions.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response
 * @throws PubnubMalformedResponseError when `data` is not a list of actions
 */
export function parseGetMessageActions(res: PnResponse): GetMessageActionsResult {
  const json = readJson(res, 'getMessageActions');
  const list = isRecord(json) && Array.isArray(json.data) ? json.data.map(readAction) : undefined;
  if (list === undefined || list.some((a) => a === undefined)) {
    return malformed(res, 'getMessageActions', 'a body of the form {"data": [{type, value, uuid, …}]}');
  }
  const data = list as MessageAction[];
  const result = { data, start: data[0]?.actionTimetoken, end: data[data.length - 1]?.actionTimetoken };
  const more = isRecord(json) && isRecord(json.more) ? json.more : undefined;
  const moreStart = more ? readTimetoken(more.start) : undefined;
  if (more && typeof more.url === 'string' && moreStart !== undefined && typeof more.limit === 'number') {
    return { ...result, more: { url: more.url, start: moreStart, limit: more.limit } };
  }
  return result;
}
