/**
 * `pubnub.objects`: App Context under the official SDK's names and object arguments (docs/protocol.md §14.7), so
 * migrating is a rename of the import. Each call takes pubkit's two modes (a Promise, or `callback`/`error`) and
 * `signal`; bad arguments throw `PubnubValidationError` before anything is sent. Results are the official SDK's:
 * `{ status, data }`, pages add `totalCount`, `next`, `prev`. The `iterate…` methods walk every page of a listing.
 * Live changes arrive as `objects` events on subscribe (the user's uuid channel, the channel itself).
 */
import {
  type AllChannelMetadataResponse,
  type AllUUIDMetadataResponse,
  buildGetAllChannelMetadata,
  buildGetAllUUIDMetadata,
  buildGetChannelMembers,
  buildGetChannelMetadata,
  buildGetMemberships,
  buildGetUUIDMetadata,
  buildManageChannelMembers,
  buildManageMemberships,
  buildRemoveChannelMembers,
  buildRemoveChannelMetadata,
  buildRemoveMemberships,
  buildRemoveUUIDMetadata,
  buildSetChannelMembers,
  buildSetChannelMetadata,
  buildSetMemberships,
  buildSetUUIDMetadata,
  type ChannelMemberObject,
  type ChannelMembersResponse,
  type ChannelMetadataObject,
  type ChannelMetadataResponse,
  type MembershipObject,
  type MembershipsResponse,
  type PnRequest,
  type PnResponse,
  PubnubStateError,
  parseGetAllChannelMetadata,
  parseGetAllUUIDMetadata,
  parseGetChannelMembers,
  parseGetChannelMetadata,
  parseGetMemberships,
  parseGetUUIDMetadata,
  parseManageChannelMembers,
  parseManageMemberships,
  parseRemoveChannelMembers,
  parseRemoveChannelMetadata,
  parseRemoveMemberships,
  parseRemoveUUIDMetadata,
  parseSetChannelMembers,
  parseSetChannelMetadata,
  parseSetMemberships,
  parseSetUUIDMetadata,
  type RemovedObjectResponse,
  type RequestContext,
  type UUIDMetadataObject,
  type UUIDMetadataResponse,
} from '@pubkit/core';
import { seedCall } from './client-calls.js';
import type * as Opt from './objects-options.js';
import { walkPages } from './objects-pages.js';
import { type ClientRuntime, execute } from './runtime.js';
import type { CallOptions, SeedResult } from './seed-mode.js';

/** App Context of one client (or view): users, channels, memberships, members. */
export class Objects {
  readonly #runtime: ClientRuntime;
  readonly #ctx: RequestContext;
  readonly #closed: () => boolean;

  /** @internal made by `Pubnub.objects` */
  constructor(runtime: ClientRuntime, ctx: RequestContext, closed: () => boolean) {
    this.#runtime = runtime;
    this.#ctx = ctx;
    this.#closed = closed;
  }

  // ── users ─────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Sets fields of a user (default: this client's uuid); resolves to the stored user. With `ifMatchesEtag`, rejects
   * with `PubnubPreconditionFailedError` (412) when the user changed since that eTag.
   * @throws PubnubValidationError synchronously for a bad uuid, field, custom (not flat), include or eTag
   */
  setUUIDMetadata<O extends Opt.SetUUIDMetadataOptions>(options: O): SeedResult<UUIDMetadataResponse, O> {
    return this.#send('setUUIDMetadata', options, buildSetUUIDMetadata, parseSetUUIDMetadata);
  }

  /**
   * A user's metadata (default: this client's uuid); a user with none rejects with `PubnubServiceError` (404).
   * @throws PubnubValidationError synchronously for a bad uuid or include
   */
  getUUIDMetadata<O extends Opt.GetUUIDMetadataOptions>(options?: O): SeedResult<UUIDMetadataResponse, O> {
    return this.#send('getUUIDMetadata', options ?? {}, buildGetUUIDMetadata, parseGetUUIDMetadata);
  }

  /**
   * One page of every user: `{ data, totalCount?, next?, prev? }` (`iterateAllUUIDMetadata` walks them all).
   * @throws PubnubValidationError synchronously for a bad include, filter, sort, limit (1–100) or page
   */
  getAllUUIDMetadata<O extends Opt.GetAllUUIDMetadataOptions>(options?: O): SeedResult<AllUUIDMetadataResponse, O> {
    return this.#send('getAllUUIDMetadata', options ?? {}, buildGetAllUUIDMetadata, parseGetAllUUIDMetadata);
  }

  /**
   * Removes a user's metadata (default: this client's uuid); resolves to `{ status, data: null }`.
   * @throws PubnubValidationError synchronously for a bad uuid
   */
  removeUUIDMetadata<O extends Opt.RemoveUUIDMetadataOptions>(options?: O): SeedResult<RemovedObjectResponse, O> {
    return this.#send('removeUUIDMetadata', options ?? {}, buildRemoveUUIDMetadata, parseRemoveUUIDMetadata);
  }

  // ── channels ──────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Sets fields of a channel; resolves to the stored channel. `ifMatchesEtag` as in `setUUIDMetadata`.
   * @throws PubnubValidationError synchronously for a bad channel, field, custom (not flat), include or eTag
   */
  setChannelMetadata<O extends Opt.SetChannelMetadataOptions>(options: O): SeedResult<ChannelMetadataResponse, O> {
    return this.#send('setChannelMetadata', options, buildSetChannelMetadata, parseSetChannelMetadata);
  }

  /**
   * A channel's metadata; a channel with none rejects with `PubnubServiceError` (404).
   * @throws PubnubValidationError synchronously for a bad channel or include
   */
  getChannelMetadata<O extends Opt.GetChannelMetadataOptions>(options: O): SeedResult<ChannelMetadataResponse, O> {
    return this.#send('getChannelMetadata', options, buildGetChannelMetadata, parseGetChannelMetadata);
  }

  /**
   * One page of every channel (`iterateAllChannelMetadata` walks them all).
   * @throws PubnubValidationError synchronously for a bad include, filter, sort, limit (1–100) or page
   */
  getAllChannelMetadata<O extends Opt.GetAllChannelMetadataOptions>(
    options?: O,
  ): SeedResult<AllChannelMetadataResponse, O> {
    return this.#send('getAllChannelMetadata', options ?? {}, buildGetAllChannelMetadata, parseGetAllChannelMetadata);
  }

  /**
   * Removes a channel's metadata; resolves to `{ status, data: null }`.
   * @throws PubnubValidationError synchronously for a bad channel
   */
  removeChannelMetadata<O extends Opt.RemoveChannelMetadataOptions>(options: O): SeedResult<RemovedObjectResponse, O> {
    return this.#send('removeChannelMetadata', options, buildRemoveChannelMetadata, parseRemoveChannelMetadata);
  }

  // ── memberships (a user's channels) ───────────────────────────────────────────────────────────────────────

  /**
   * Adds a user (default: this client's uuid) to channels, or updates those memberships' `custom`, `status`,
   * `type`; resolves to a page of the user's memberships.
   * @throws PubnubValidationError synchronously for a bad uuid or channel, a custom that is not flat, none or more
   *   than 100 channels, or a bad listing option
   */
  setMemberships<O extends Opt.SetMembershipsOptions>(options: O): SeedResult<MembershipsResponse, O> {
    return this.#send('setMemberships', options, buildSetMemberships, parseSetMemberships);
  }

  /**
   * A page of a user's memberships (default: this client's uuid).
   * @throws PubnubValidationError synchronously for a bad uuid or listing option
   */
  getMemberships<O extends Opt.GetMembershipsOptions>(options?: O): SeedResult<MembershipsResponse, O> {
    return this.#send('getMemberships', options ?? {}, buildGetMemberships, parseGetMemberships);
  }

  /**
   * Takes a user out of channels; resolves to a page of the memberships left.
   * @throws PubnubValidationError synchronously, as `setMemberships`
   */
  removeMemberships<O extends Opt.RemoveMembershipsOptions>(options: O): SeedResult<MembershipsResponse, O> {
    return this.#send('removeMemberships', options, buildRemoveMemberships, parseRemoveMemberships);
  }

  /**
   * `set` and `remove` memberships in one request (100 changes at most in all).
   * @throws PubnubValidationError synchronously, as `setMemberships`
   */
  manageMemberships<O extends Opt.ManageMembershipsOptions>(options: O): SeedResult<MembershipsResponse, O> {
    return this.#send('manageMemberships', options, buildManageMemberships, parseManageMemberships);
  }

  // ── members (a channel's users) ───────────────────────────────────────────────────────────────────────────

  /**
   * Adds users to a channel, or updates their memberships; resolves to a page of the channel's members.
   * @throws PubnubValidationError synchronously for a bad channel or uuid, a custom that is not flat, none or more
   *   than 100 uuids, or a bad listing option
   */
  setChannelMembers<O extends Opt.SetChannelMembersOptions>(options: O): SeedResult<ChannelMembersResponse, O> {
    return this.#send('setChannelMembers', options, buildSetChannelMembers, parseSetChannelMembers);
  }

  /**
   * A page of a channel's members.
   * @throws PubnubValidationError synchronously for a bad channel or listing option
   */
  getChannelMembers<O extends Opt.GetChannelMembersOptions>(options: O): SeedResult<ChannelMembersResponse, O> {
    return this.#send('getChannelMembers', options, buildGetChannelMembers, parseGetChannelMembers);
  }

  /**
   * Takes users out of a channel; resolves to a page of the members left.
   * @throws PubnubValidationError synchronously, as `setChannelMembers`
   */
  removeChannelMembers<O extends Opt.RemoveChannelMembersOptions>(options: O): SeedResult<ChannelMembersResponse, O> {
    return this.#send('removeChannelMembers', options, buildRemoveChannelMembers, parseRemoveChannelMembers);
  }

  /**
   * `set` and `remove` members in one request (100 changes at most in all).
   * @throws PubnubValidationError synchronously, as `setChannelMembers`
   */
  manageChannelMembers<O extends Opt.ManageChannelMembersOptions>(options: O): SeedResult<ChannelMembersResponse, O> {
    return this.#send('manageChannelMembers', options, buildManageChannelMembers, parseManageChannelMembers);
  }

  // ── every page of a listing ───────────────────────────────────────────────────────────────────────────────

  /**
   * Every user, one at a time, fetching a page (`limit`, default 100) when the last is used up; `filter`, `sort`,
   * `include` as `getAllUUIDMetadata`, `page` to resume from a cursor, `signal` to stop.
   * @throws PubnubValidationError synchronously for a bad option; PubnubStateError when the client is closed
   */
  iterateAllUUIDMetadata(options: Opt.IterateAllUUIDMetadataOptions = {}): AsyncGenerator<UUIDMetadataObject> {
    return this.#walk(options, buildGetAllUUIDMetadata, parseGetAllUUIDMetadata);
  }

  /**
   * Every channel, one at a time, page after page (as `iterateAllUUIDMetadata`).
   * @throws PubnubValidationError synchronously for a bad option; PubnubStateError when the client is closed
   */
  iterateAllChannelMetadata(options: Opt.IterateAllChannelMetadataOptions = {}): AsyncGenerator<ChannelMetadataObject> {
    return this.#walk(options, buildGetAllChannelMetadata, parseGetAllChannelMetadata);
  }

  /**
   * Every membership of a user (default: this client's uuid), page after page.
   * @throws PubnubValidationError synchronously for a bad option; PubnubStateError when the client is closed
   */
  iterateMemberships(options: Opt.IterateMembershipsOptions = {}): AsyncGenerator<MembershipObject> {
    return this.#walk(options, buildGetMemberships, parseGetMemberships);
  }

  /**
   * Every member of a channel, page after page.
   * @throws PubnubValidationError synchronously for a bad option; PubnubStateError when the client is closed
   */
  iterateChannelMembers(options: Opt.IterateChannelMembersOptions): AsyncGenerator<ChannelMemberObject> {
    return this.#walk(options, buildGetChannelMembers, parseGetChannelMembers);
  }

  #send<P extends CallOptions<T>, T, Opts>(
    operation: string,
    options: P,
    build: (params: P, ctx: RequestContext) => PnRequest,
    parse: (res: PnResponse) => T,
  ): SeedResult<T, Opts> {
    const start = () => {
      const request = build(options, this.#ctx);
      return execute(this.#runtime, request, parse, options.signal);
    };
    return seedCall(this.#runtime, this.#closed, options, `objects.${operation}`, start);
  }

  #walk<P extends { readonly page?: unknown; readonly signal?: AbortSignal | undefined }, T>(
    options: P,
    build: (params: P, ctx: RequestContext) => PnRequest,
    parse: (res: PnResponse) => { status: number; data: T[]; next?: string },
  ): AsyncGenerator<T, void, undefined> {
    if (this.#closed()) throw new PubnubStateError('the client is closed', { operation: 'objects' });
    return walkPages(this.#runtime, { build: (p: P) => build(p, this.#ctx), parse }, options);
  }
}
