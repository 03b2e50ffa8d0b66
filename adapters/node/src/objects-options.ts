/**
 * Options of `pubnub.objects` (docs/protocol.md §14.7): each call's core parameters plus pubkit's two modes
 * (`callback`/`error`) and `signal`, and the options of the listing iterators.
 */
import type {
  AllChannelMetadataResponse,
  AllUUIDMetadataResponse,
  ChannelMembersResponse,
  ChannelMetadataResponse,
  GetAllChannelMetadataParams,
  GetAllUUIDMetadataParams,
  GetChannelMembersParams,
  GetChannelMetadataParams,
  GetMembershipsParams,
  GetUUIDMetadataParams,
  ManageChannelMembersParams,
  ManageMembershipsParams,
  MembershipsResponse,
  RemoveChannelMembersParams,
  RemoveChannelMetadataParams,
  RemovedObjectResponse,
  RemoveMembershipsParams,
  RemoveUUIDMetadataParams,
  SetChannelMembersParams,
  SetChannelMetadataParams,
  SetMembershipsParams,
  SetUUIDMetadataParams,
  UUIDMetadataResponse,
} from '@pubkit/core';
import type { CallOptions } from './seed-mode.js';

/** Options of `objects.setUUIDMetadata()`. */
export interface SetUUIDMetadataOptions extends SetUUIDMetadataParams, CallOptions<UUIDMetadataResponse> {}
/** Options of `objects.getUUIDMetadata()`. */
export interface GetUUIDMetadataOptions extends GetUUIDMetadataParams, CallOptions<UUIDMetadataResponse> {}
/** Options of `objects.getAllUUIDMetadata()`. */
export interface GetAllUUIDMetadataOptions extends GetAllUUIDMetadataParams, CallOptions<AllUUIDMetadataResponse> {}
/** Options of `objects.removeUUIDMetadata()`. */
export interface RemoveUUIDMetadataOptions extends RemoveUUIDMetadataParams, CallOptions<RemovedObjectResponse> {}

/** Options of `objects.setChannelMetadata()`. */
export interface SetChannelMetadataOptions extends SetChannelMetadataParams, CallOptions<ChannelMetadataResponse> {}
/** Options of `objects.getChannelMetadata()`. */
export interface GetChannelMetadataOptions extends GetChannelMetadataParams, CallOptions<ChannelMetadataResponse> {}
/** Options of `objects.getAllChannelMetadata()`. */
export interface GetAllChannelMetadataOptions
  extends GetAllChannelMetadataParams,
    CallOptions<AllChannelMetadataResponse> {}
/** Options of `objects.removeChannelMetadata()`. */
export interface RemoveChannelMetadataOptions extends RemoveChannelMetadataParams, CallOptions<RemovedObjectResponse> {}

/** Options of `objects.setMemberships()`. */
export interface SetMembershipsOptions extends SetMembershipsParams, CallOptions<MembershipsResponse> {}
/** Options of `objects.getMemberships()`. */
export interface GetMembershipsOptions extends GetMembershipsParams, CallOptions<MembershipsResponse> {}
/** Options of `objects.removeMemberships()`. */
export interface RemoveMembershipsOptions extends RemoveMembershipsParams, CallOptions<MembershipsResponse> {}
/** Options of `objects.manageMemberships()`. */
export interface ManageMembershipsOptions extends ManageMembershipsParams, CallOptions<MembershipsResponse> {}

/** Options of `objects.setChannelMembers()`. */
export interface SetChannelMembersOptions extends SetChannelMembersParams, CallOptions<ChannelMembersResponse> {}
/** Options of `objects.getChannelMembers()`. */
export interface GetChannelMembersOptions extends GetChannelMembersParams, CallOptions<ChannelMembersResponse> {}
/** Options of `objects.removeChannelMembers()`. */
export interface RemoveChannelMembersOptions extends RemoveChannelMembersParams, CallOptions<ChannelMembersResponse> {}
/** Options of `objects.manageChannelMembers()`. */
export interface ManageChannelMembersOptions extends ManageChannelMembersParams, CallOptions<ChannelMembersResponse> {}

/** Stops an iteration: the page in flight is aborted and the loop throws `PubnubAbortError`. */
interface IterateSignal {
  readonly signal?: AbortSignal | undefined;
}

/** Options of `objects.iterateAllUUIDMetadata()`: a listing's options; `page` resumes from a cursor. */
export interface IterateAllUUIDMetadataOptions extends GetAllUUIDMetadataParams, IterateSignal {}
/** Options of `objects.iterateAllChannelMetadata()`. */
export interface IterateAllChannelMetadataOptions extends GetAllChannelMetadataParams, IterateSignal {}
/** Options of `objects.iterateMemberships()`. */
export interface IterateMembershipsOptions extends GetMembershipsParams, IterateSignal {}
/** Options of `objects.iterateChannelMembers()`. */
export interface IterateChannelMembersOptions extends GetChannelMembersParams, IterateSignal {}
