/**
 * What App Context stores besides ids (docs/protocol.md §14.2): the flat `custom` object and the bounded text fields
 * of users, channels and memberships. Checked before sending, so a bad value fails at the call with the field
 * named, not as a 400 from the far side.
 */
import { PubnubValidationError } from '../errors.js';
import type { Operation } from '../request.js';
import { isRecord } from '../response.js';

/** One value of a `custom` object: a JSON scalar. Arrays and objects are refused by the service. */
export type ObjectCustomValue = string | number | boolean | null;

/** The `custom` object of a user, channel or membership: flat, scalar values only. */
export type ObjectCustom = Readonly<Record<string, ObjectCustomValue>>;

/** Most keys in one `custom` object (pubkit's bound, so a body stays far below the service's size limit). */
export const MAX_CUSTOM_KEYS = 100;

/**
 * Returns `custom` when it is a flat object of JSON scalars.
 * @throws PubnubValidationError naming `field` (or `field.key`) for a non-object, a nested object or array, a
 *   non-finite number, any other non-JSON value, or more than {@link MAX_CUSTOM_KEYS} keys
 */
export function validateCustom(custom: unknown, field: string, operation: Operation): ObjectCustom {
  if (!isRecord(custom)) {
    throw new PubnubValidationError(field, `${field} must be an object of scalar values`, { operation });
  }
  const keys = Object.keys(custom);
  if (keys.length > MAX_CUSTOM_KEYS) {
    throw new PubnubValidationError(field, `${field} has ${keys.length} keys; the limit is ${MAX_CUSTOM_KEYS}`, {
      operation,
    });
  }
  for (const key of keys) {
    const value = custom[key];
    const ok =
      value === null ||
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    if (!ok) {
      const what = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
      throw new PubnubValidationError(
        `${field}.${key}`,
        `${field}.${key} is ${what}; custom values must be flat JSON scalars (string, finite number, boolean, null)`,
        { operation },
      );
    }
  }
  return custom as ObjectCustom;
}

/**
 * Returns an optional text field when it is a string of at most `max` characters; `undefined` (leave as is) and
 * `null` (clear the stored value) pass through.
 * @throws PubnubValidationError naming `field` for a non-string, a string over `max` characters, or (when
 *   `nonBlank`) an empty or blank one
 */
export function validateText(
  value: unknown,
  field: string,
  max: number,
  operation: Operation,
  nonBlank = false,
): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') {
    throw new PubnubValidationError(field, `${field} must be a string`, { operation });
  }
  if (nonBlank && value.trim() === '') {
    throw new PubnubValidationError(field, `${field} must not be empty or blank`, { operation });
  }
  const length = [...value].length;
  if (length > max) {
    throw new PubnubValidationError(field, `${field} is ${length} characters; the limit is ${max}`, { operation });
  }
  return value;
}
