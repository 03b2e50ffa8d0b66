/**
 * What a token grants, checked (docs/decisions.md "Access Manager v3 tokens"): shared by the client, which builds
 * the grant request from `{ ttl, authorizedUuid, resources, patterns, meta }` with named permissions, and by the
 * server, which reads the same grant from the request's JSON body with permission bitmasks. Both arrive at one
 * `TokenContent`, so the rules (ttl range, valid regular expressions, known permissions, scalar meta) live once.
 */
import { PubnubValidationError } from '../../errors.js';
import { validateUuid } from '../../validation.js';
import {
  KNOWN_PERMISSION_BITS,
  permissionBits,
  TOKEN_RESOURCE_TYPES,
  type TokenPermissionRequest,
  type TokenResourceType,
} from './permissions.js';
import type { PermissionMaps } from './token-codec.js';
import type { TokenContent } from './token-signature.js';

/** Longest token ttl, in minutes (30 days), as PubNub documents it. */
export const MAX_TOKEN_TTL = 43_200;

/** Named permissions per resource type, as a grant asks for them. */
export type TokenPermissionRequests = {
  readonly [T in TokenResourceType]?: Readonly<Record<string, TokenPermissionRequest>>;
};

/** Scalar values attached to a token. */
export type TokenMeta = Readonly<Record<string, string | number | boolean | null>>;

/** Parameters of a token grant. */
export interface GrantTokenParams {
  /** Minutes the token is valid, 1..43200. */
  readonly ttl: number;
  /** The only uuid that may use the token. @default any uuid */
  readonly authorizedUuid?: string | undefined;
  /** Permissions on named channels, groups and uuids. @default none */
  readonly resources?: TokenPermissionRequests | undefined;
  /** Permissions on every channel, group or uuid whose name matches a regular expression. @default none */
  readonly patterns?: TokenPermissionRequests | undefined;
  /** Scalar values carried in the token. @default none */
  readonly meta?: TokenMeta | undefined;
}

/**
 * Checks a grant given with named permissions and returns its content.
 * @throws PubnubValidationError for a ttl outside 1..43200, an unknown permission, a pattern that is not a valid
 *   regular expression, a bad authorized uuid, meta that is not scalar, or a grant that gives nothing
 */
export function tokenContentOf(params: GrantTokenParams): TokenContent {
  if (typeof params !== 'object' || params === null) {
    throw new PubnubValidationError('params', 'grantToken takes an object: { ttl, resources, patterns, … }');
  }
  const resources = maps(params.resources, 'resources', (request, field) => permissionBits(request, field));
  const patterns = maps(params.patterns, 'patterns', (request, field) => permissionBits(request, field));
  return finish(params.ttl, params.authorizedUuid, resources, patterns, params.meta);
}

/**
 * Reads the JSON body of `POST /v3/pam/{sub}/grant`:
 * `{ ttl, permissions: { resources: {channels, groups, uuids, users, spaces}, patterns: {…}, meta, uuid } }`,
 * each resource mapped to its bitmask.
 * @throws PubnubValidationError as `tokenContentOf`, and for bits outside the known permissions
 */
export function readGrantTokenBody(json: unknown): TokenContent {
  if (!isObject(json) || !isObject(json.permissions)) {
    throw new PubnubValidationError('permissions', 'the body must be an object with "ttl" and "permissions"');
  }
  const p = json.permissions;
  const bits = (value: unknown, field: string): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || (value & ~KNOWN_PERMISSION_BITS) !== 0) {
      throw new PubnubValidationError(
        field,
        `${field} must be a permission bitmask from 0 to ${KNOWN_PERMISSION_BITS}`,
      );
    }
    return value;
  };
  const resources = maps(p.resources, 'resources', bits);
  const patterns = maps(p.patterns, 'patterns', bits);
  return finish(json.ttl, p.uuid, resources, patterns, p.meta);
}

function finish(
  ttl: unknown,
  uuid: unknown,
  resources: PermissionMaps,
  patterns: PermissionMaps,
  meta: unknown,
): TokenContent {
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL) {
    throw new PubnubValidationError('ttl', `ttl must be a whole number of minutes from 1 to ${MAX_TOKEN_TTL}`);
  }
  for (const type of TOKEN_RESOURCE_TYPES) {
    for (const pattern of patterns[type].keys()) {
      try {
        new RegExp(pattern);
      } catch {
        throw new PubnubValidationError(
          `patterns.${type}`,
          `patterns.${type}: ${JSON.stringify(pattern)} is not a valid regular expression`,
        );
      }
    }
  }
  const granted = TOKEN_RESOURCE_TYPES.some((t) => resources[t].size > 0 || patterns[t].size > 0);
  if (!granted) throw new PubnubValidationError('resources', 'a token must name at least one resource or pattern');
  return {
    ttl,
    resources,
    patterns,
    meta: validateMeta(meta),
    ...(uuid === undefined || uuid === null || uuid === ''
      ? {}
      : { authorizedUuid: validateUuid(uuid, 'authorizedUuid') }),
  };
}

function maps(value: unknown, field: string, bitsOf: (request: unknown, field: string) => number): PermissionMaps {
  if (value !== undefined && !isObject(value)) throw new PubnubValidationError(field, `${field} must be an object`);
  const out = {} as Record<TokenResourceType, ReadonlyMap<string, number>>;
  for (const type of TOKEN_RESOURCE_TYPES) {
    const entries = value?.[type];
    if (entries !== undefined && !isObject(entries)) {
      throw new PubnubValidationError(`${field}.${type}`, `${field}.${type} must be an object`);
    }
    const map = new Map<string, number>();
    for (const [name, request] of Object.entries(entries ?? {})) {
      if (name === '') throw new PubnubValidationError(`${field}.${type}`, `${field}.${type} has an empty name`);
      const where = `${field}.${type}[${JSON.stringify(name)}]`;
      const bits = bitsOf(request, where);
      // A name with no permission is a mistake (often a misspelt permission an SDK dropped), never a grant.
      if (bits === 0) throw new PubnubValidationError(`${field}.${type}`, `${where} grants no permission`);
      map.set(name, bits);
    }
    out[type] = map;
  }
  return out;
}

function validateMeta(meta: unknown): Record<string, string | number | boolean | null> {
  if (meta === undefined || meta === null) return {};
  if (!isObject(meta)) throw new PubnubValidationError('meta', 'meta must be an object of scalar values');
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(meta)) {
    const scalar =
      value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value as number);
    if (!scalar) throw new PubnubValidationError('meta', `meta.${key} must be a string, number, boolean or null`);
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
