/**
 * Message actions of `@pubkit/node` (docs/protocol.md §13.5): `addMessageAction`, `removeMessageAction` and
 * `getMessageActions`, the official SDK's names and shapes. Live action events arrive through subscribe's
 * `messageAction` callback (`subscription.ts`, §13.6).
 */
import {
  type AddMessageActionParams,
  buildAddMessageAction,
  buildGetMessageActions,
  buildRemoveMessageAction,
  type GetMessageActionsParams,
  type GetMessageActionsResult,
  type MessageAction,
  parseAddMessageAction,
  parseGetMessageActions,
  parseRemoveMessageAction,
  type RemoveMessageActionParams,
  type RequestContext,
} from '@pubkit/core';
import { type ClientRuntime, execute } from './runtime.js';
import type { CallOptions } from './seed-mode.js';

/** Options of `addMessageAction()`. */
export interface AddMessageActionOptions extends AddMessageActionParams, CallOptions<{ data: MessageAction }> {}
/** Options of `removeMessageAction()`. */
export interface RemoveMessageActionOptions
  extends RemoveMessageActionParams,
    CallOptions<{ data: Record<string, never> }> {}
/** Options of `getMessageActions()`. */
export interface GetMessageActionsOptions extends GetMessageActionsParams, CallOptions<GetMessageActionsResult> {}

/**
 * Adds an action; a duplicate rejects with `PubnubServiceError` (HTTP 409).
 * @throws PubnubValidationError synchronously for a bad channel, timetoken, type or value
 */
export function startAddMessageAction(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: AddMessageActionOptions,
): Promise<{ data: MessageAction }> {
  return execute(runtime, buildAddMessageAction(options, ctx), parseAddMessageAction, options.signal);
}

/**
 * Removes an action.
 * @throws PubnubValidationError synchronously for a bad channel or timetoken
 */
export function startRemoveMessageAction(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: RemoveMessageActionOptions,
): Promise<{ data: Record<string, never> }> {
  return execute(runtime, buildRemoveMessageAction(options, ctx), parseRemoveMessageAction, options.signal);
}

/**
 * Gets a page of a channel's actions (`more` tells where an older page starts).
 * @throws PubnubValidationError synchronously for a bad channel, bound or limit
 */
export function startGetMessageActions(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: GetMessageActionsOptions,
): Promise<GetMessageActionsResult> {
  return execute(runtime, buildGetMessageActions(options, ctx), parseGetMessageActions, options.signal);
}
