/**
 * The objects App Context answers carry (docs/protocol.md §14.2): users (uuid metadata), channels (channel metadata),
 * memberships (a user's channels) and members (a channel's users), and their readers. Readers keep the fields of
 * the right type and drop the rest; an object without its `id` is no object.
 */
import { isRecord } from '../response.js';
import type { ObjectCustom } from './custom-data.js';

/** A user's metadata (the official SDK's `UUIDMetadataObject`). */
export interface UUIDMetadataObject {
  readonly id: string;
  readonly name?: string | null;
  readonly externalId?: string | null;
  readonly profileUrl?: string | null;
  readonly email?: string | null;
  readonly type?: string | null;
  readonly status?: string | null;
  /** Present when the call included it (`include.customFields`). */
  readonly custom?: ObjectCustom | null;
  /** ISO 8601 time of the last change. */
  readonly updated: string;
  /** Fingerprint of the content; give it as `ifMatchesEtag` to update only an unchanged object. */
  readonly eTag: string;
}

/** A channel's metadata (the official SDK's `ChannelMetadataObject`). */
export interface ChannelMetadataObject {
  readonly id: string;
  readonly name?: string | null;
  readonly description?: string | null;
  readonly type?: string | null;
  readonly status?: string | null;
  readonly custom?: ObjectCustom | null;
  readonly updated: string;
  readonly eTag: string;
}

/** A nested user or channel: just its id unless the call included its fields. */
export type Nested<T extends { id: string }> = Pick<T, 'id'> & Partial<Omit<T, 'id'>>;

/** One membership of a user: the channel, with the membership's own fields. */
export interface MembershipObject {
  readonly channel: Nested<ChannelMetadataObject>;
  readonly custom?: ObjectCustom | null;
  readonly status?: string | null;
  readonly type?: string | null;
  readonly updated: string;
  readonly eTag: string;
}

/** One member of a channel: the user, with the membership's own fields. */
export interface ChannelMemberObject {
  readonly uuid: Nested<UUIDMetadataObject>;
  readonly custom?: ObjectCustom | null;
  readonly status?: string | null;
  readonly type?: string | null;
  readonly updated: string;
  readonly eTag: string;
}

const UUID_TEXT = ['name', 'externalId', 'profileUrl', 'email', 'type', 'status'] as const;
const CHANNEL_TEXT = ['name', 'description', 'type', 'status'] as const;
const RELATION_TEXT = ['status', 'type'] as const;

/** Copies `id`, the named text fields, `custom`, `updated` and `eTag` when they have the right type. */
function pick(value: Record<string, unknown>, text: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof value.id === 'string') out.id = value.id;
  for (const key of text) {
    const v = value[key];
    if (typeof v === 'string' || v === null) out[key] = v;
  }
  if (isRecord(value.custom) || value.custom === null) out.custom = value.custom;
  if (typeof value.updated === 'string') out.updated = value.updated;
  if (typeof value.eTag === 'string') out.eTag = value.eTag;
  return out;
}

function complete(out: Record<string, unknown>): boolean {
  return typeof out.updated === 'string' && typeof out.eTag === 'string';
}

/** Reads a user's metadata, or undefined when `value` has no string `id`, `updated` and `eTag`. */
export function readUUIDMetadata(value: unknown): UUIDMetadataObject | undefined {
  if (!isRecord(value) || typeof value.id !== 'string') return undefined;
  const out = pick(value, UUID_TEXT);
  return complete(out) ? (out as unknown as UUIDMetadataObject) : undefined;
}

/** Reads a channel's metadata, or undefined when `value` has no string `id`, `updated` and `eTag`. */
export function readChannelMetadata(value: unknown): ChannelMetadataObject | undefined {
  if (!isRecord(value) || typeof value.id !== 'string') return undefined;
  const out = pick(value, CHANNEL_TEXT);
  return complete(out) ? (out as unknown as ChannelMetadataObject) : undefined;
}

function readNested<T extends { id: string }>(value: unknown, text: readonly string[]): Nested<T> | undefined {
  if (!isRecord(value) || typeof value.id !== 'string') return undefined;
  return pick(value, text) as Nested<T>;
}

/** Reads one membership, or undefined when it has no `channel.id`, `updated` or `eTag`. */
export function readMembership(value: unknown): MembershipObject | undefined {
  if (!isRecord(value)) return undefined;
  const channel = readNested<ChannelMetadataObject>(value.channel, CHANNEL_TEXT);
  const own = pick(value, RELATION_TEXT);
  if (channel === undefined || !complete(own)) return undefined;
  return { ...own, channel } as unknown as MembershipObject;
}

/** Reads one channel member, or undefined when it has no `uuid.id`, `updated` or `eTag`. */
export function readChannelMember(value: unknown): ChannelMemberObject | undefined {
  if (!isRecord(value)) return undefined;
  const uuid = readNested<UUIDMetadataObject>(value.uuid, UUID_TEXT);
  const own = pick(value, RELATION_TEXT);
  if (uuid === undefined || !complete(own)) return undefined;
  return { ...own, uuid } as unknown as ChannelMemberObject;
}
