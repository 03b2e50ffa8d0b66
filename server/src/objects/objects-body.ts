/**
 * Reading the PATCH bodies of App Context (docs/protocol.md §14.2): a user or channel's fields, and the
 * `{"set":[…],"delete":[…]}` of memberships and members. Everything is checked before anything changes, so a
 * refused body leaves the store as it was.
 *
 * Rules: the body is one JSON object; a standard field is a string or `null` (null clears it); unknown properties
 * are ignored (PubNub's documented behaviour); `custom` is `null` or an object of at most `MAX_CUSTOM_FIELDS`
 * flat JSON scalars (string, number, boolean, null) — an array or object value is refused with 400.
 */
import type { Custom, ObjectKind } from '../storage/objects-store.js';
import { fieldsOf, type Side } from './objects-entities.js';
import { MAX_CUSTOM_FIELDS, MAX_FIELD_LENGTH, MAX_MEMBERSHIP_CHANGES } from './objects-limits.js';

/** A field-level problem: which body field and why. */
export interface BodyProblem {
  readonly problem: string;
  readonly location: string;
}

/** What a set of a user or channel changes: only the fields present in the body. */
export interface ObjectPatch {
  readonly fields: Readonly<Record<string, string | null>>;
  /** Replaces the whole custom object when present (PubNub has no partial custom update). */
  readonly custom?: Custom | null;
}

/** One entry of a membership change. */
export interface MembershipEntry {
  /** The channel (memberships) or user (members) id. */
  readonly id: string;
  readonly custom?: Custom | null;
  readonly status?: string | null;
  readonly type?: string | null;
}

/** The two lists of a membership PATCH. */
export interface MembershipChange {
  readonly set: readonly MembershipEntry[];
  readonly delete: readonly string[];
}

function parseObject(text: string | undefined): Record<string, unknown> | BodyProblem {
  let body: unknown;
  try {
    body = JSON.parse(text ?? '');
  } catch {
    return { problem: 'The body is not valid JSON', location: 'body' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problem: 'The body must be a JSON object', location: 'body' };
  }
  return body as Record<string, unknown>;
}

function textProblem(value: unknown, location: string): BodyProblem | undefined {
  if (value === null) return undefined;
  if (typeof value !== 'string') return { problem: `${location} must be a string or null`, location };
  if (value.length > MAX_FIELD_LENGTH)
    return { problem: `${location} is over ${MAX_FIELD_LENGTH} characters`, location };
  return undefined;
}

/** `custom` checked: null, or a flat object of scalars. */
export function readCustom(value: unknown, location = 'custom'): Custom | null | BodyProblem {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { problem: `${location} must be an object of scalar values`, location };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_CUSTOM_FIELDS) {
    return { problem: `${location} has more than ${MAX_CUSTOM_FIELDS} fields`, location };
  }
  for (const [key, v] of entries) {
    const at = `${location}.${key}`;
    if (v !== null && typeof v === 'object') {
      return {
        problem: `${at} is not a scalar: custom values are flat (string, number, boolean or null)`,
        location: at,
      };
    }
    if (typeof v === 'string' && v.length > MAX_FIELD_LENGTH) {
      return { problem: `${at} is over ${MAX_FIELD_LENGTH} characters`, location: at };
    }
  }
  return Object.fromEntries(entries) as Custom;
}

function isProblem(v: unknown): v is BodyProblem {
  return typeof v === 'object' && v !== null && 'problem' in v && 'location' in v;
}

/** Reads the body of a set of a user or channel. */
export function readObjectPatch(kind: ObjectKind, text: string | undefined): ObjectPatch | BodyProblem {
  const body = parseObject(text);
  if (isProblem(body)) return body;
  const fields: Record<string, string | null> = {};
  for (const f of fieldsOf(kind)) {
    if (!(f in body)) continue;
    const problem = textProblem(body[f], f);
    if (problem) return problem;
    fields[f] = body[f] as string | null;
  }
  if (!('custom' in body)) return { fields };
  const custom = readCustom(body.custom);
  if (isProblem(custom)) return custom;
  return { fields, custom };
}

function readEntry(item: unknown, side: Side, at: string): MembershipEntry | BodyProblem {
  const entry =
    typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
  const nested = entry[side];
  const id = typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>).id : undefined;
  if (typeof id !== 'string' || id === '') {
    return { problem: `${at} must be {"${side}":{"id":"…"}, …}`, location: `${at}.${side}.id` };
  }
  const out: { -readonly [K in keyof MembershipEntry]: MembershipEntry[K] } = { id };
  for (const f of ['status', 'type'] as const) {
    if (!(f in entry)) continue;
    const problem = textProblem(entry[f], `${at}.${f}`);
    if (problem) return problem;
    out[f] = entry[f] as string | null;
  }
  if ('custom' in entry) {
    const custom = readCustom(entry.custom, `${at}.custom`);
    if (isProblem(custom)) return custom;
    out.custom = custom;
  }
  return out;
}

/**
 * Reads a membership (`side` `channel`) or member (`side` `uuid`) PATCH body. At most `MAX_MEMBERSHIP_CHANGES`
 * entries in `set` and `delete` together; an id twice in the call is refused.
 */
export function readMembershipChange(side: Side, text: string | undefined): MembershipChange | BodyProblem {
  const body = parseObject(text);
  if (isProblem(body)) return body;
  const lists: Record<'set' | 'delete', unknown[]> = { set: [], delete: [] };
  for (const name of ['set', 'delete'] as const) {
    const list = body[name];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return { problem: `${name} must be an array`, location: name };
    lists[name] = list;
  }
  const total = lists.set.length + lists.delete.length;
  if (total > MAX_MEMBERSHIP_CHANGES) {
    return { problem: `${total} changes in one call; the limit is ${MAX_MEMBERSHIP_CHANGES}`, location: 'set' };
  }
  const seen = new Set<string>();
  const set: MembershipEntry[] = [];
  const remove: string[] = [];
  for (const name of ['set', 'delete'] as const) {
    for (let i = 0; i < lists[name].length; i++) {
      const entry = readEntry(lists[name][i], side, `${name}[${i}]`);
      if (isProblem(entry)) return entry;
      if (seen.has(entry.id)) {
        return { problem: `${JSON.stringify(entry.id.slice(0, 92))} appears twice`, location: `${name}[${i}]` };
      }
      seen.add(entry.id);
      if (name === 'set') set.push(entry);
      else remove.push(entry.id);
    }
  }
  return { set, delete: remove };
}

export { isProblem as isBodyProblem };
