/**
 * `hereNow`, `whereNow`, `getState`, `setState` (docs/architecture.md §5, docs/protocol.md §2.6–§2.8). Each resolves to the seed's value:
 * here_now `{ occupancy, uuids }` (plus per-channel detail), where_now `{ channels }`, state the state object.
 */
import {
  buildGetState,
  buildHereNow,
  buildSetState,
  buildWhereNow,
  type HereNowResult,
  parseGetState,
  parseHereNow,
  parseSetState,
  parseWhereNow,
  type RequestContext,
  type WhereNowResult,
} from '@pubkit/core';
import { type ClientRuntime, execute } from './runtime.js';
import type { CallOptions } from './seed-mode.js';

/** Options of `hereNow()`. */
export interface HereNowOptions extends CallOptions<HereNowResult> {
  /** Channel groups to include. @default [] */
  readonly channelGroups?: string | readonly string[] | undefined;
  /** List the uuids present (`false`: counts only). @default true */
  readonly includeUuids?: boolean | undefined;
  /** Include each uuid's state. @default false */
  readonly includeState?: boolean | undefined;
}

/** Options of `whereNow()`. */
export type WhereNowOptions = CallOptions<WhereNowResult>;

/** Options of `getState()` and `setState()`. */
export interface StateOptions extends CallOptions<unknown> {
  /** Channel groups to include. @default [] */
  readonly channelGroups?: string | readonly string[] | undefined;
}

/**
 * here_now for one or more channels, or the global form with none.
 * @throws PubnubValidationError synchronously for a bad channel or group name
 */
export function startHereNow(
  runtime: ClientRuntime,
  ctx: RequestContext,
  channels: string | readonly string[] | undefined,
  options: HereNowOptions = {},
): Promise<HereNowResult> {
  const params = {
    channels: channels ?? [],
    channelGroups: options.channelGroups ?? [],
    includeUuids: options.includeUuids ?? true,
    includeState: options.includeState ?? false,
  };
  const request = buildHereNow(params, ctx);
  return execute(runtime, request, (res) => parseHereNow(res, { channels: params.channels }), options.signal);
}

/**
 * where_now for a uuid (default: this client's).
 * @throws PubnubValidationError synchronously for a bad uuid
 */
export function startWhereNow(
  runtime: ClientRuntime,
  ctx: RequestContext,
  uuid: string | undefined,
  options: WhereNowOptions = {},
): Promise<WhereNowResult> {
  const request = buildWhereNow(uuid === undefined ? {} : { uuid }, ctx);
  return execute(runtime, request, parseWhereNow, options.signal);
}

/**
 * Reads a uuid's state on a channel; resolves to the state object (one channel) or a per-channel map.
 * @throws PubnubValidationError synchronously for a bad channel, group or uuid
 */
export function startGetState(
  runtime: ClientRuntime,
  ctx: RequestContext,
  channels: string | readonly string[],
  uuid: string | undefined,
  options: StateOptions = {},
): Promise<unknown> {
  const names = { channels, channelGroups: options.channelGroups ?? [] };
  const request = buildGetState(uuid === undefined ? names : { ...names, uuid }, ctx);
  return execute(runtime, request, (res) => parseGetState(res, names).payload, options.signal);
}

/**
 * Sets this client's state on channels; resolves to the state now held.
 * @throws PubnubValidationError synchronously for a bad channel or group, or a state that is not a JSON object
 */
export function startSetState(
  runtime: ClientRuntime,
  ctx: RequestContext,
  channels: string | readonly string[],
  state: Readonly<Record<string, unknown>>,
  options: StateOptions = {},
): Promise<unknown> {
  const names = { channels, channelGroups: options.channelGroups ?? [] };
  const request = buildSetState({ ...names, state }, ctx);
  return execute(runtime, request, (res) => parseSetState(res, names).payload, options.signal);
}
