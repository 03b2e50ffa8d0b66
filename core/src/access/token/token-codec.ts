/**
 * The Access Manager v3 token format (docs/decisions.md "Access Manager v3 tokens"): url-safe base64 (without
 * padding) of one CBOR map, as PubNub's own tokens are laid out:
 *
 *   { "v": 2, "t": <issued, unix seconds>, "ttl": <minutes>,
 *     "res":  { "chan": {name: bits}, "grp": {…}, "usr": {}, "spc": {}, "uuid": {…} },
 *     "pat":  { same five maps, keyed by regular expression },
 *     "meta": { … }, ["uuid": <authorized uuid>,] "sig": <32 bytes> }
 *
 * The top-level and per-type keys are CBOR byte strings, resource names and meta keys are text strings (that is how
 * PubNub's published tokens are encoded, byte for byte; `usr`/`spc` are the retired objects-v2 types, kept empty).
 * Decoding uses cbor-x without its record and object-map extensions, then checks every field's type: a token is
 * untrusted input. Encoding writes the same layout, so a token issued here decodes in PubNub's SDKs.
 */
import { Decoder, Encoder } from 'cbor-x';
import { base64UrlDecode, base64UrlEncode, utf8Decode, utf8Encode } from '../../bytes.js';
import { PubnubTokenError } from '../../errors.js';
import { TOKEN_RESOURCE_TYPES, type TokenResourceType } from './permissions.js';

/** Longest token string accepted (a token travels in a URL, whose limit is 32 KiB). */
export const MAX_TOKEN_LENGTH = 32 * 1024;

/** Per-type maps of resource name (or pattern) to permission bits. */
export type PermissionMaps = { readonly [T in TokenResourceType]: ReadonlyMap<string, number> };

/** Everything a token says except its signature. */
export interface TokenBody {
  /** Format version; 2 is the only one. */
  readonly version: number;
  /** When it was issued, in unix seconds. */
  readonly timestamp: number;
  /** Minutes it is valid from `timestamp`. */
  readonly ttl: number;
  readonly resources: PermissionMaps;
  readonly patterns: PermissionMaps;
  /** Scalar values the issuer attached. */
  readonly meta: Readonly<Record<string, unknown>>;
  /** The only uuid that may use the token, when set. */
  readonly authorizedUuid?: string | undefined;
}

/** A decoded token: its body and its signature. */
export interface DecodedToken {
  readonly body: TokenBody;
  readonly signature: Uint8Array;
}

const WIRE_TYPES: Readonly<Record<TokenResourceType, string>> = { channels: 'chan', groups: 'grp', uuids: 'uuid' };
const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });
const encoder = new Encoder({ mapsAsObjects: false, useRecords: false, tagUint8Array: false, variableMapSize: true });
const key = (name: string): Uint8Array => utf8Encode(name);

/** CBOR bytes of a token body without its signature: what the signature covers. */
export function encodeTokenBody(body: TokenBody): Uint8Array {
  return encoder.encode(bodyMap(body)).slice();
}

/** The token string of a body and its signature. */
export function encodeToken(body: TokenBody, signature: Uint8Array): string {
  const map = bodyMap(body);
  map.set(key('sig'), signature);
  return base64UrlEncode(encoder.encode(map), false);
}

function bodyMap(body: TokenBody): Map<Uint8Array, unknown> {
  const map = new Map<Uint8Array, unknown>([
    [key('v'), body.version],
    [key('t'), body.timestamp],
    [key('ttl'), body.ttl],
    [key('res'), permissionMaps(body.resources)],
    [key('pat'), permissionMaps(body.patterns)],
    [key('meta'), new Map(Object.entries(body.meta))],
  ]);
  if (body.authorizedUuid !== undefined) map.set(key('uuid'), body.authorizedUuid);
  return map;
}

function permissionMaps(maps: PermissionMaps): Map<Uint8Array, Map<string, number>> {
  return new Map([
    [key('chan'), new Map(maps.channels)],
    [key('grp'), new Map(maps.groups)],
    [key('usr'), new Map()],
    [key('spc'), new Map()],
    [key('uuid'), new Map(maps.uuids)],
  ]);
}

/**
 * Decodes a token string. Accepts the url-safe alphabet PubNub uses and, leniently, the standard one, with or
 * without `=` padding. Does not check the signature (see `verifyToken`).
 * @throws PubnubTokenError `too-long`, `base64`, `cbor` (truncated, trailing bytes, not CBOR) or `shape`
 */
export function decodeToken(token: unknown): DecodedToken {
  if (typeof token !== 'string' || token === '') throw shape('a token must be a non-empty string');
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new PubnubTokenError('too-long', `token is ${token.length} characters; the limit is ${MAX_TOKEN_LENGTH}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = base64UrlDecode(token.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'token');
  } catch {
    throw new PubnubTokenError('base64', 'token is not url-safe base64');
  }
  let value: unknown;
  try {
    value = decoder.decode(bytes);
  } catch (err) {
    const why = err instanceof Error && /end of (?:CBOR data|buffer)/i.test(err.message) ? err.message : 'not CBOR';
    throw new PubnubTokenError('cbor', `token is not one complete CBOR value (${why})`);
  }
  return readToken(value);
}

const TOP_KEYS = new Set(['v', 't', 'ttl', 'res', 'pat', 'meta', 'uuid', 'sig']);
const TYPE_KEYS = new Set(['chan', 'grp', 'usr', 'spc', 'uuid']);

function readToken(value: unknown): DecodedToken {
  const top = textKeyed(value, 'the token', TOP_KEYS);
  const version = top.get('v');
  if (version !== 2) throw shape(`token version ${String(version)} is not supported (only 2)`);
  const signature = top.get('sig');
  if (!(signature instanceof Uint8Array)) throw shape('token has no signature');
  const uuid = top.get('uuid');
  if (uuid !== undefined && typeof uuid !== 'string') throw shape('token "uuid" is not a string');
  const body: TokenBody = {
    version,
    timestamp: whole(top.get('t'), 't'),
    ttl: whole(top.get('ttl'), 'ttl'),
    resources: readMaps(top.get('res'), 'res'),
    patterns: readMaps(top.get('pat'), 'pat'),
    meta: top.has('meta') ? plainObject(top.get('meta'), 'meta') : {},
    ...(uuid === undefined ? {} : { authorizedUuid: uuid }),
  };
  return { body, signature };
}

function readMaps(value: unknown, field: string): PermissionMaps {
  const maps = value === undefined ? new Map<string, unknown>() : textKeyed(value, `token "${field}"`, TYPE_KEYS);
  const out = {} as Record<TokenResourceType, ReadonlyMap<string, number>>;
  for (const type of TOKEN_RESOURCE_TYPES) {
    const wire = WIRE_TYPES[type];
    const entries = maps.get(wire);
    const map = new Map<string, number>();
    if (entries !== undefined) {
      if (!(entries instanceof Map)) throw shape(`token "${field}.${wire}" is not a map`);
      for (const [name, bits] of entries) {
        if (typeof name !== 'string') throw shape(`token "${field}.${wire}" has a name that is not text`);
        map.set(name, whole(bits, `${field}.${wire}`));
      }
    }
    out[type] = map;
  }
  return out;
}

/**
 * A CBOR map whose keys are byte or text strings, as a Map keyed by text. With `known`, any other key is refused:
 * a token has a fixed set of fields, and an unknown one would be a field the signature's re-encoding drops.
 */
function textKeyed(value: unknown, what: string, known?: ReadonlySet<string>): Map<string, unknown> {
  if (!(value instanceof Map)) throw shape(`${what} is not a CBOR map`);
  const out = new Map<string, unknown>();
  for (const [k, v] of value) {
    let name: string;
    if (typeof k === 'string') name = k;
    else if (k instanceof Uint8Array) name = keyText(k, what);
    else throw shape(`${what} has a key that is neither bytes nor text`);
    if (known !== undefined && !known.has(name)) throw shape(`${what} has an unknown field`);
    out.set(name, v);
  }
  return out;
}

function keyText(bytes: Uint8Array, what: string): string {
  try {
    return utf8Decode(bytes, 'token');
  } catch {
    throw shape(`${what} has a key that is not UTF-8`);
  }
}

function plainObject(value: unknown, field: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of textKeyed(value, `token "${field}"`)) {
    Object.defineProperty(out, k, { value: v instanceof Map ? plainObject(v, `${field}.${k}`) : v, enumerable: true });
  }
  return out;
}

function whole(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw shape(`token "${field}" is not a non-negative integer`);
  }
  return value;
}

function shape(message: string): PubnubTokenError {
  return new PubnubTokenError('shape', message);
}
