/**
 * Access Manager v3 permissions (docs/decisions.md "Access Manager v3 tokens"): each resource in a token carries one
 * integer whose bits are the permissions, named as PubNub names them. Observed in PubNub's published tokens: a
 * channel granted everything carries 239 (`read|write|manage|delete|get|update|join`), a group granted read and
 * manage carries 5, a uuid granted `delete|get|update` carries 104. Bit 16 ("create") is a retired v2 objects bit:
 * it is tolerated when reading and never set.
 */
import { PubnubValidationError } from '../../errors.js';

/** The bit of each permission. */
export const TOKEN_PERMISSION_BITS = Object.freeze({
  read: 1,
  write: 2,
  manage: 4,
  delete: 8,
  get: 32,
  update: 64,
  join: 128,
} as const);

/** A permission name: `read`, `write`, `manage`, `delete`, `get`, `update` or `join`. */
export type TokenPermission = keyof typeof TOKEN_PERMISSION_BITS;

/** Every permission name, in bit order. */
export const TOKEN_PERMISSIONS = Object.freeze(Object.keys(TOKEN_PERMISSION_BITS) as TokenPermission[]);

/** Every bit a token may carry: the seven permissions plus the retired "create" bit (16). */
export const KNOWN_PERMISSION_BITS = 255;

/** Permissions asked for in a grant: the ones set to `true` are given, the rest are not. */
export type TokenPermissionRequest = { readonly [P in TokenPermission]?: boolean };

/** Permissions read from a token: every name, `true` or `false`. */
export type TokenPermissions = { readonly [P in TokenPermission]: boolean };

/** The three resource types a token names (`uuids` are other users' metadata). */
export type TokenResourceType = 'channels' | 'groups' | 'uuids';

/** Every resource type, in the order PubNub's SDKs list them. */
export const TOKEN_RESOURCE_TYPES: readonly TokenResourceType[] = Object.freeze(['channels', 'groups', 'uuids']);

/**
 * The bitmask of a permission request.
 * @param field - name reported in the error, e.g. `resources.channels["room-1"]`
 * @throws PubnubValidationError for a non-object, a name that is not a permission, or a value that is not boolean
 */
export function permissionBits(request: unknown, field: string): number {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new PubnubValidationError(field, `${field} must be an object of permissions such as { read: true }`);
  }
  let bits = 0;
  for (const [name, value] of Object.entries(request)) {
    if (!Object.hasOwn(TOKEN_PERMISSION_BITS, name)) {
      throw new PubnubValidationError(
        field,
        `${field}: unknown permission "${name}"; the permissions are ${TOKEN_PERMISSIONS.join(', ')}`,
      );
    }
    if (typeof value !== 'boolean') throw new PubnubValidationError(field, `${field}.${name} must be true or false`);
    if (value) bits |= TOKEN_PERMISSION_BITS[name as TokenPermission];
  }
  return bits;
}

/** The named permissions of a bitmask (unknown bits are ignored). */
export function permissionsOf(bits: number): TokenPermissions {
  const b = TOKEN_PERMISSION_BITS;
  return {
    read: (bits & b.read) !== 0,
    write: (bits & b.write) !== 0,
    manage: (bits & b.manage) !== 0,
    delete: (bits & b.delete) !== 0,
    get: (bits & b.get) !== 0,
    update: (bits & b.update) !== 0,
    join: (bits & b.join) !== 0,
  };
}
