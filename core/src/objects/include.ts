/**
 * The `include` option of App Context calls (docs/protocol.md §14.7) and its wire form: a comma list in `include`
 * (`custom,status,type,channel,channel.custom,…`) plus `count=true` for `totalCount`. The flag names are the
 * official SDK's, so options migrate unchanged; an unknown flag or a non-boolean value is a typed error rather
 * than silently ignored (a typo such as `customField` would otherwise drop data without a word).
 */
import { PubnubValidationError } from '../errors.js';
import type { Operation } from '../request.js';
import { isRecord } from '../response.js';

/** What a user or channel call may include. */
export interface MetadataInclude {
  /** The `custom` object. @default true for one object, false for a listing */
  readonly customFields?: boolean | undefined;
  /** The `status` field. @default true */
  readonly statusField?: boolean | undefined;
  /** The `type` field. @default true */
  readonly typeField?: boolean | undefined;
}

/** What a listing of users or channels may include. */
export interface MetadataListInclude extends MetadataInclude {
  /** `totalCount` in the answer (sent as `count=true`). @default false */
  readonly totalCount?: boolean | undefined;
}

/** What a memberships call (a user's channels) may include. */
export interface MembershipsInclude extends MetadataListInclude {
  /** Each channel's metadata (`channel`); without it only `channel.id`. @default false */
  readonly channelFields?: boolean | undefined;
  /** Each channel's `custom` (`channel.custom`). @default false */
  readonly customChannelFields?: boolean | undefined;
  /** Each channel's `status`, when `channelFields` is on. @default true */
  readonly channelStatusField?: boolean | undefined;
  /** Each channel's `type`, when `channelFields` is on. @default true */
  readonly channelTypeField?: boolean | undefined;
}

/** What a channel-members call (a channel's users) may include. */
export interface MembersInclude extends MetadataListInclude {
  /** Each user's metadata (`uuid`); without it only `uuid.id`. @default false */
  readonly UUIDFields?: boolean | undefined;
  /** Each user's `custom` (`uuid.custom`). @default false */
  readonly customUUIDFields?: boolean | undefined;
  /** Each user's `status`, when `UUIDFields` is on. @default true */
  readonly UUIDStatusField?: boolean | undefined;
  /** Each user's `type`, when `UUIDFields` is on. @default true */
  readonly UUIDTypeField?: boolean | undefined;
}

/** Which include a call takes. */
export type IncludeKind = 'object' | 'list' | 'memberships' | 'members';

const NESTED = {
  memberships: ['channel', 'channelFields', 'customChannelFields', 'channelStatusField', 'channelTypeField'],
  members: ['uuid', 'UUIDFields', 'customUUIDFields', 'UUIDStatusField', 'UUIDTypeField'],
} as const;

function allowedKeys(kind: IncludeKind): readonly string[] {
  const own = ['customFields', 'statusField', 'typeField'];
  if (kind === 'object') return own;
  if (kind === 'list') return [...own, 'totalCount'];
  return [...own, 'totalCount', ...NESTED[kind].slice(1)];
}

/**
 * The `include` and `count` query parameters of an `include` option.
 * @param kind which flags the call accepts; `object` and `list` differ in `totalCount`
 * @param customByDefault whether `custom` is included when `customFields` is not given (true for one object)
 * @throws PubnubValidationError (field `include` or `include.<flag>`) for a non-object, an unknown flag, or a
 *   value that is not a boolean
 */
export function includeQuery(
  include: unknown,
  kind: IncludeKind,
  customByDefault: boolean,
  operation: Operation,
): Record<string, string> {
  const flags = readFlags(include, kind, operation);
  const on = (key: string, fallback: boolean) => flags[key] ?? fallback;
  const parts: string[] = [];
  if (on('customFields', customByDefault)) parts.push('custom');
  if (on('statusField', true)) parts.push('status');
  if (on('typeField', true)) parts.push('type');
  if (kind === 'memberships' || kind === 'members') {
    const [prefix, fields, custom, status, type] = NESTED[kind];
    if (on(fields, false)) {
      parts.push(prefix);
      if (on(status, true)) parts.push(`${prefix}.status`);
      if (on(type, true)) parts.push(`${prefix}.type`);
    }
    if (on(custom, false)) parts.push(`${prefix}.custom`);
  }
  const query: Record<string, string> = {};
  if (parts.length > 0) query.include = parts.join(',');
  if (on('totalCount', false)) query.count = 'true';
  return query;
}

function readFlags(include: unknown, kind: IncludeKind, operation: Operation): Record<string, boolean> {
  if (include === undefined) return {};
  if (!isRecord(include)) {
    throw new PubnubValidationError('include', 'include must be an object of boolean flags', { operation });
  }
  const allowed = allowedKeys(kind);
  const flags: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(include)) {
    if (!allowed.includes(key)) {
      throw new PubnubValidationError(
        `include.${key}`,
        `include.${key} is not a flag of ${operation}; it takes ${allowed.join(', ')}`,
        { operation },
      );
    }
    if (value === undefined) continue;
    if (typeof value !== 'boolean') {
      throw new PubnubValidationError(`include.${key}`, `include.${key} must be true or false`, { operation });
    }
    flags[key] = value;
  }
  return flags;
}
