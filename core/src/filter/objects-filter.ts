/**
 * The App Context filter language (docs/protocol.md §14.4): the `filter` parameter of the objects listings, on the
 * grammar of the subscribe filter (`parse-filter.ts`) with its own fields. Pure; the client validates a `filter`
 * with it before sending, the server parses it once per request and evaluates it per record.
 *
 *   name LIKE 'a*' && (custom.rank >= 2 || !(status == 'archived'))
 *
 * A comparison is always a field, an operator (`==` `!=` `<` `<=` `>` `>=` `LIKE`) and a literal value. Fields
 * per listing (PubNub's documented lists): users `id name externalId profileUrl email status type updated
 * custom.*`; channels `id name description status type updated custom.*`; memberships `status type updated
 * custom.*` and the channel's fields under `channel.`; members the same with the user's under `uuid.`.
 */
import type { FilterNode, FilterOperator } from './parse-filter.js';
import { type FilterDialect, parseFilter } from './parse-filter.js';

/** What a listing lists: users (`uuid`), channels, a user's memberships or a channel's members. */
export type ObjectsFilterTarget = 'uuid' | 'channel' | 'membership' | 'member';

/** Fields of a user record a filter may name (besides `custom.*`). */
export const UUID_FILTER_FIELDS: readonly string[] = Object.freeze([
  'id',
  'name',
  'externalId',
  'profileUrl',
  'email',
  'status',
  'type',
  'updated',
]);
/** Fields of a channel record a filter may name (besides `custom.*`). */
export const CHANNEL_FILTER_FIELDS: readonly string[] = Object.freeze([
  'id',
  'name',
  'description',
  'status',
  'type',
  'updated',
]);
/** Fields of a membership (or member) record a filter may name (besides `custom.*` and the nested object's). */
export const MEMBERSHIP_FILTER_FIELDS: readonly string[] = Object.freeze(['status', 'type', 'updated']);

/** Why `path` (names from the record's top) is not a field of `fields`, or undefined when it is. */
function recordFieldProblem(path: readonly (string | number)[], fields: readonly string[]): string | undefined {
  const [first, ...rest] = path;
  if (first === 'custom') {
    if (rest.length === 1 && typeof rest[0] === 'string') return undefined;
    return 'custom fields are named custom.<name> (custom values are flat)';
  }
  if (typeof first === 'string' && fields.includes(first) && rest.length === 0) return undefined;
  return `unknown field ${JSON.stringify(path.join('.'))}`;
}

const OPERATORS: ReadonlySet<FilterOperator> = new Set(['==', '!=', '<', '<=', '>', '>=', 'LIKE']);

function dialectFor(target: ObjectsFilterTarget): FilterDialect {
  const own = target === 'uuid' ? UUID_FILTER_FIELDS : target === 'channel' ? CHANNEL_FILTER_FIELDS : undefined;
  const nestedName = target === 'membership' ? 'channel' : 'uuid';
  const nested = target === 'membership' ? CHANNEL_FILTER_FIELDS : UUID_FILTER_FIELDS;
  return {
    fieldProblem(path) {
      if (own) return recordFieldProblem(path, own);
      if (path[0] === nestedName && path.length > 1) return recordFieldProblem(path.slice(1), nested);
      return recordFieldProblem(path, MEMBERSHIP_FILTER_FIELDS);
    },
    operatorProblem(op) {
      return OPERATORS.has(op) ? undefined : `${op} is not an App Context filter operator`;
    },
  };
}

const DIALECTS: Readonly<Record<ObjectsFilterTarget, FilterDialect>> = {
  uuid: dialectFor('uuid'),
  channel: dialectFor('channel'),
  membership: dialectFor('membership'),
  member: dialectFor('member'),
};

/**
 * Parses an App Context filter for a listing of `target`. Every path of the tree has root `data` and names the
 * field from the record's top (`['custom', 'rank']`, `['channel', 'name']`).
 * @throws PubnubFilterSyntaxError naming the position of the first error (unknown fields and operators included).
 */
export function parseObjectsFilter(expression: string, target: ObjectsFilterTarget): FilterNode {
  return parseFilter(expression, DIALECTS[target]);
}
