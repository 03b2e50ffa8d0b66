/**
 * The App Context records on the wire (docs/protocol.md §14.2): the JSON of a user, a channel and a membership as
 * PubNub answers them, and the plain "view" of each that filters and sorts read.
 *
 * Always present: a user's `id name externalId profileUrl email updated eTag`, a channel's `id name description
 * updated eTag` (fields never set are `null`); `type`, `status` and `custom` only when `include` names them. A
 * membership lists `{channel:{id}}` (a member `{uuid:{id}}`), `updated` and `eTag`; `include=channel` adds the
 * channel's own fields, `channel.custom`/`channel.type`/`channel.status` those of the channel, and `custom`,
 * `status`, `type` the membership's.
 */
import { createHash } from 'node:crypto';
import type { ObjectKind, StoredMembership, StoredObject } from '../storage/objects-store.js';

/** Standard text fields of a user. */
const UUID_FIELDS: readonly string[] = ['name', 'externalId', 'profileUrl', 'email'];
/** Standard text fields of a channel. */
const CHANNEL_FIELDS: readonly string[] = ['name', 'description'];
/** Fields every kind has but lists only on request. */
const OPTIONAL_FIELDS: readonly string[] = ['type', 'status'];

/** The standard fields of a kind (the optional `type` and `status` last). */
export function fieldsOf(kind: ObjectKind): readonly string[] {
  return [...(kind === 'uuid' ? UUID_FIELDS : CHANNEL_FIELDS), ...OPTIONAL_FIELDS];
}

/** What the nested object of a membership is: the channel for memberships, the user for members (its kind). */
export type Side = ObjectKind;

/** A fresh ETag for a value: a digest of its content and time, so any change gives another. */
export function eTagOf(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 22);
}

/** JSON of a user or channel with the fields `include` asks for. */
export function objectJson(kind: ObjectKind, o: StoredObject, include: ReadonlySet<string>, prefix = ''): object {
  const out: Record<string, unknown> = { id: o.id };
  for (const f of kind === 'uuid' ? UUID_FIELDS : CHANNEL_FIELDS) out[f] = o.fields[f] ?? null;
  for (const f of OPTIONAL_FIELDS) if (include.has(`${prefix}${f}`)) out[f] = o.fields[f] ?? null;
  if (include.has(`${prefix}custom`)) out.custom = o.custom;
  out.updated = o.updated;
  out.eTag = o.eTag;
  return out;
}

/** Every field of a user or channel: what a `set` event carries. */
export function fullObjectJson(kind: ObjectKind, o: StoredObject): object {
  return objectJson(kind, o, new Set(['type', 'status', 'custom']));
}

/**
 * JSON of a membership (`side` `channel`) or member (`side` `uuid`). The nested object is `{id}` plus, when it
 * exists and `include` names `side` or its sub-fields, its own fields.
 */
export function membershipJson(
  side: Side,
  m: StoredMembership,
  nested: StoredObject | undefined,
  include: ReadonlySet<string>,
): object {
  const id = side === 'channel' ? m.channel : m.uuid;
  let inner: Record<string, unknown> = { id };
  if (nested) {
    if (include.has(side)) inner = objectJson(side, nested, include, `${side}.`) as Record<string, unknown>;
    else {
      for (const f of OPTIONAL_FIELDS) if (include.has(`${side}.${f}`)) inner[f] = nested.fields[f] ?? null;
      if (include.has(`${side}.custom`)) inner.custom = nested.custom;
    }
  }
  const out: Record<string, unknown> = { [side]: inner };
  if (include.has('custom')) out.custom = m.custom;
  if (include.has('status')) out.status = m.status;
  if (include.has('type')) out.type = m.type;
  out.updated = m.updated;
  out.eTag = m.eTag;
  return out;
}

/** What a filter or a sort reads of a user or channel. */
export function objectView(o: StoredObject): Record<string, unknown> {
  return { id: o.id, ...o.fields, updated: o.updated, custom: o.custom ?? {} };
}

/** What a filter or a sort reads of a membership: its own fields and the nested object's under `side`. */
export function membershipView(side: Side, m: StoredMembership, nested: StoredObject | undefined): object {
  const id = side === 'channel' ? m.channel : m.uuid;
  return {
    status: m.status,
    type: m.type,
    updated: m.updated,
    custom: m.custom ?? {},
    [side]: nested ? objectView(nested) : { id },
  };
}

/** The data of a membership event (docs/protocol.md §14.5). */
export function membershipEventData(m: StoredMembership, removed: boolean): object {
  const ids = { uuid: { id: m.uuid }, channel: { id: m.channel } };
  if (removed) return ids;
  return { ...ids, custom: m.custom, status: m.status, type: m.type, updated: m.updated, eTag: m.eTag };
}
