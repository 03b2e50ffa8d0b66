/**
 * The App Context calls of `pubnub@7.3.3` (untyped CommonJS) as the objects compat tests use them, and the pieces
 * of the rig they share (docs/protocol.md §14).
 */
import type { Sdk7 } from './pubnub7.js';

/** `include` of the listing calls. */
export interface Sdk7Include {
  customFields?: boolean;
  totalCount?: boolean;
  channelFields?: boolean;
  customChannelFields?: boolean;
  UUIDFields?: boolean;
  customUUIDFields?: boolean;
}

/** Options every listing takes. */
export interface Sdk7Listing {
  include?: Sdk7Include;
  filter?: string;
  sort?: Record<string, 'asc' | 'desc' | null>;
  limit?: number;
  page?: { next?: string; prev?: string };
}

/** A listing's answer. */
export interface Sdk7Page<T> {
  status: number;
  data: T[];
  totalCount?: number;
  next?: string;
  prev?: string;
}

/** A user or channel as answered. */
export type Sdk7Object = Record<string, unknown> & { id: string; updated: string; eTag: string };

/** A membership or member entry as answered. */
export type Sdk7Membership = Record<string, unknown> & { updated: string; eTag: string };

/** An entry of setMemberships / setChannelMembers. */
export type Sdk7Entry = string | { id: string; custom?: Record<string, unknown>; status?: string };

/** An App Context event as `addListener({ objects })` hands it over. */
export interface Sdk7ObjectsEvent {
  channel: string;
  publisher: string;
  message: { event: string; type: string; data: Record<string, unknown> };
}

/** pubnub@7.3.3's `objects` namespace. */
export interface Sdk7Objects {
  setUUIDMetadata(p: { uuid?: string; data: Record<string, unknown>; include?: Sdk7Include }): Promise<{
    status: number;
    data: Sdk7Object;
  }>;
  getUUIDMetadata(p: { uuid?: string; include?: Sdk7Include }): Promise<{ status: number; data: Sdk7Object }>;
  getAllUUIDMetadata(p?: Sdk7Listing): Promise<Sdk7Page<Sdk7Object>>;
  removeUUIDMetadata(p: { uuid?: string }): Promise<{ status: number; data: null }>;
  setChannelMetadata(p: { channel: string; data: Record<string, unknown>; include?: Sdk7Include }): Promise<{
    status: number;
    data: Sdk7Object;
  }>;
  getChannelMetadata(p: { channel: string; include?: Sdk7Include }): Promise<{ status: number; data: Sdk7Object }>;
  getAllChannelMetadata(p?: Sdk7Listing): Promise<Sdk7Page<Sdk7Object>>;
  removeChannelMetadata(p: { channel: string }): Promise<{ status: number; data: null }>;
  setMemberships(p: Sdk7Listing & { uuid?: string; channels: Sdk7Entry[] }): Promise<Sdk7Page<Sdk7Membership>>;
  removeMemberships(p: Sdk7Listing & { uuid?: string; channels: string[] }): Promise<Sdk7Page<Sdk7Membership>>;
  getMemberships(p: Sdk7Listing & { uuid?: string }): Promise<Sdk7Page<Sdk7Membership>>;
  setChannelMembers(p: Sdk7Listing & { channel: string; uuids: Sdk7Entry[] }): Promise<Sdk7Page<Sdk7Membership>>;
  removeChannelMembers(p: Sdk7Listing & { channel: string; uuids: string[] }): Promise<Sdk7Page<Sdk7Membership>>;
  getChannelMembers(p: Sdk7Listing & { channel: string }): Promise<Sdk7Page<Sdk7Membership>>;
}

/** A pubnub@7.3.3 client with its App Context calls and listener. */
export interface Sdk7WithObjects extends Omit<Sdk7, 'addListener'> {
  readonly objects: Sdk7Objects;
  addListener(l: { objects?: (e: Sdk7ObjectsEvent) => void; status?: (s: { category: string }) => void }): void;
}

/** The body a rejected pubnub@7.3.3 call carries (`status.errorData`), as the server sent it. */
export async function sdk7Failure(call: Promise<unknown>): Promise<{ statusCode: number; body: unknown }> {
  try {
    await call;
  } catch (err) {
    const status = (err as { status?: { statusCode?: number; errorData?: unknown } }).status;
    return { statusCode: status?.statusCode ?? -1, body: status?.errorData };
  }
  throw new Error('the call succeeded');
}
