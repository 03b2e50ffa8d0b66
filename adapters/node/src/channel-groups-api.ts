/**
 * `pubnub.channelGroups`: the registry calls under the official SDK's names (`addChannels`, `removeChannels`,
 * `listChannels`, `deleteGroup`, `listGroups`) with its object arguments, so migrating is a rename of the import
 * (issue 12; docs/protocol.md §2.11). Each call takes pubkit's two modes (a Promise, or `callback`/`error`) and
 * `signal`, like every other method. Results are the official SDK's: `{}` for a change, `{ channels }`,
 * `{ groups }`.
 */
import {
  buildAddChannelsToGroup,
  buildDeleteGroup,
  buildListChannelsInGroup,
  buildListGroups,
  buildRemoveChannelsFromGroup,
  type ChannelGroupChange,
  type GroupChannelsParams,
  type GroupParams,
  type ListChannelsResult,
  type ListGroupsResult,
  parseChannelGroupChange,
  parseListChannelsInGroup,
  parseListGroups,
  type RequestContext,
} from '@pubkit/core';
import { seedCall } from './client-calls.js';
import { type ClientRuntime, execute } from './runtime.js';
import type { CallOptions, SeedResult } from './seed-mode.js';

/** Arguments of `addChannels` / `removeChannels`. */
export interface ChannelGroupChannelsOptions extends GroupChannelsParams, CallOptions<ChannelGroupChange> {}
/** Arguments of `deleteGroup`. */
export interface DeleteGroupOptions extends GroupParams, CallOptions<ChannelGroupChange> {}
/** Arguments of `listChannels`. */
export interface ListChannelsOptions extends GroupParams, CallOptions<ListChannelsResult> {}
/** Arguments of `listGroups`. */
export type ListGroupsOptions = CallOptions<ListGroupsResult>;

/**
 * @internal The `listChannels` request itself, without the seed modes: `channelGroups.listChannels` and the gap
 * backfill of group members (`subscribe/backfill.ts`) both send it through here.
 * @throws never synchronously for a name already validated by subscribe; rejects with the request's error
 */
export function requestGroupChannels(
  runtime: ClientRuntime,
  ctx: RequestContext,
  channelGroup: string,
  signal?: AbortSignal,
): Promise<ListChannelsResult> {
  return execute(runtime, buildListChannelsInGroup({ channelGroup }, ctx), parseListChannelsInGroup, signal);
}

/** The channel-group registry of one client (or view). */
export class ChannelGroups {
  readonly #runtime: ClientRuntime;
  readonly #ctx: RequestContext;
  readonly #closed: () => boolean;

  /** @internal made by `Pubnub.channelGroups` */
  constructor(runtime: ClientRuntime, ctx: RequestContext, closed: () => boolean) {
    this.#runtime = runtime;
    this.#ctx = ctx;
    this.#closed = closed;
  }

  /**
   * Adds channels to a group (creating it); resolves `{}`.
   * @throws PubnubValidationError synchronously for a bad group or channel name, or more than 200 channels
   */
  addChannels<O extends ChannelGroupChannelsOptions>(options: O): SeedResult<ChannelGroupChange, O> {
    return this.#call(options, 'addChannels', () =>
      execute(
        this.#runtime,
        buildAddChannelsToGroup(options, this.#ctx),
        (res) => parseChannelGroupChange(res, 'addChannelsToGroup'),
        options.signal,
      ),
    );
  }

  /**
   * Removes channels from a group; resolves `{}`.
   * @throws PubnubValidationError synchronously, as `addChannels`
   */
  removeChannels<O extends ChannelGroupChannelsOptions>(options: O): SeedResult<ChannelGroupChange, O> {
    return this.#call(options, 'removeChannels', () =>
      execute(
        this.#runtime,
        buildRemoveChannelsFromGroup(options, this.#ctx),
        (res) => parseChannelGroupChange(res, 'removeChannelsFromGroup'),
        options.signal,
      ),
    );
  }

  /**
   * The channels of a group: `{ channels }` (empty for a group that does not exist).
   * @throws PubnubValidationError synchronously for a bad group name
   */
  listChannels<O extends ListChannelsOptions>(options: O): SeedResult<ListChannelsResult, O> {
    return this.#call(options, 'listChannels', () =>
      requestGroupChannels(this.#runtime, this.#ctx, options.channelGroup, options.signal),
    );
  }

  /**
   * Deletes a group; resolves `{}`.
   * @throws PubnubValidationError synchronously for a bad group name
   */
  deleteGroup<O extends DeleteGroupOptions>(options: O): SeedResult<ChannelGroupChange, O> {
    return this.#call(options, 'deleteGroup', () =>
      execute(
        this.#runtime,
        buildDeleteGroup(options, this.#ctx),
        (res) => parseChannelGroupChange(res, 'deleteGroup'),
        options.signal,
      ),
    );
  }

  /** The subscribe key's groups: `{ groups }`. */
  listGroups<O extends ListGroupsOptions>(options?: O): SeedResult<ListGroupsResult, O> {
    return this.#call(options, 'listGroups', () =>
      execute(this.#runtime, buildListGroups(this.#ctx), parseListGroups, options?.signal),
    );
  }

  #call<T, O>(options: CallOptions<T> | undefined, operation: string, start: () => Promise<T>): SeedResult<T, O> {
    return seedCall(this.#runtime, this.#closed, options, `channelGroups.${operation}`, start);
  }
}
