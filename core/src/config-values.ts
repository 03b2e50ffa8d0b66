/**
 * Small validators for `createConfig` (config.ts): each names the option in its error, so a caller learns which
 * option to fix (`subscribeKey is required`, `requestTimeoutMs must be a whole number from 1 to …`).
 */
import { type Logger, silentLogger } from './env.js';
import { PubnubValidationError } from './errors.js';

/** Largest delay `setTimeout` honours; a longer timeout would fire at once in Node. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A required non-empty string. @throws PubnubValidationError `<field> is required` */
export function requiredKey(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '')
    throw new PubnubValidationError(field, `${field} is required`);
  if (typeof value !== 'string') throw new PubnubValidationError(field, `${field} must be a string`);
  return value;
}

/** An optional string; `''`, null and undefined mean "not set". @throws PubnubValidationError for non-strings */
export function optionalKey(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new PubnubValidationError(field, `${field} must be a string`);
  return value;
}

/** An optional boolean. @throws PubnubValidationError for anything else */
export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new PubnubValidationError(field, `${field} must be true or false`);
  return value;
}

/** An optional whole number in `min..max`, else `fallback`. @throws PubnubValidationError out of range */
export function integer(value: unknown, field: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new PubnubValidationError(
      field,
      `${field} must be a whole number from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

/** `base`, plus ` suffix` when a suffix is given. @throws PubnubValidationError for a non-printable suffix */
export function pnsdkValue(base: string, suffix: unknown): string {
  if (suffix === undefined || suffix === '') return base;
  if (typeof suffix !== 'string' || /[\u0000-\u001f\u007f]/u.test(suffix)) {
    throw new PubnubValidationError('pnsdk', 'pnsdk must be a printable string, e.g. "MyApp/1.2"');
  }
  return `${base} ${suffix}`;
}

/** The given logger, or `silentLogger`. @throws PubnubValidationError unless it has the four methods */
export function loggerOf(value: unknown): Logger {
  if (value === undefined) return silentLogger;
  const ok =
    typeof value === 'object' &&
    value !== null &&
    ['debug', 'info', 'warn', 'error'].every((m) => typeof (value as Record<string, unknown>)[m] === 'function');
  if (!ok) throw new PubnubValidationError('logger', 'logger must have debug, info, warn and error methods');
  return value as Logger;
}
