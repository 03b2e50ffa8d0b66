/**
 * PubNub's subscribe filter language (issue 12, "Filter expressions"): `parseFilter` (pure, positions in its
 * errors) and `compileFilter` (a predicate over one message's meta, data and publisher uuid). The client
 * validates a `filterExpression` with it before sending; the server evaluates it at delivery.
 */
export { type CompiledFilter, compileFilter, type FilterSubject } from './compile-filter.js';
export { PubnubFilterSyntaxError } from './filter-error.js';
export { type FilterToken, tokenizeFilter } from './filter-tokens.js';
export {
  CHANNEL_FILTER_FIELDS,
  MEMBERSHIP_FILTER_FIELDS,
  type ObjectsFilterTarget,
  parseObjectsFilter,
  UUID_FILTER_FIELDS,
} from './objects-filter.js';
export {
  type FilterDialect,
  type FilterNode,
  type FilterOperand,
  type FilterOperator,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  parseFilter,
} from './parse-filter.js';
