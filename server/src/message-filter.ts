/**
 * Subscribe filters at delivery (issue 12, "Filter expressions"; the language is core's `parseFilter`).
 *
 * An expression is parsed once: compiled filters are kept by expression text (at most `MAX_CACHED`, the oldest
 * dropped first), so a subscriber's long-polls, and every subscriber with the same filter, share one compiled
 * predicate. A message's `meta` and payload are parsed at most once however many subscribers judge it (a weak
 * cache keyed by the message), and only when a filter reads them. Presence events are never filtered (the
 * registry skips them).
 */
import { compileFilter, type FilterSubject, PubnubFilterSyntaxError, parseFilter } from '@pubkit/core';
import type { StoredMessage } from './message-queue.js';

/** Distinct expressions kept compiled. */
const MAX_CACHED = 1_000;

/** A message predicate: the compiled filter applied to the message's subject. */
type Accept = (message: StoredMessage) => boolean;

const compiled = new Map<string, Accept | PubnubFilterSyntaxError>();
const subjects = new WeakMap<StoredMessage, FilterSubject>();

/** The predicate for a `filter-expr` value, or the syntax error to answer with. */
export function messageFilter(expression: string): Accept | PubnubFilterSyntaxError {
  let found = compiled.get(expression);
  if (found === undefined) {
    try {
      // The predicate itself is cached, not only the compiled filter: every parked poll with this expression holds
      // the same function (docs/performance.md §3).
      const filter = compileFilter(parseFilter(expression));
      found = (message) => filter(subjectOf(message));
    } catch (err) {
      if (!(err instanceof PubnubFilterSyntaxError)) throw err;
      found = err;
    }
    if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value!);
    compiled.set(expression, found);
  }
  return found;
}

function subjectOf(message: StoredMessage): FilterSubject {
  let subject = subjects.get(message);
  if (subject) return subject;
  let meta: unknown;
  let data: unknown;
  let metaRead = false;
  let dataRead = false;
  subject = {
    uuid: message.publisher,
    meta() {
      if (!metaRead) {
        metaRead = true;
        meta = message.meta === undefined ? undefined : parseJson(message.meta);
      }
      return meta;
    },
    data() {
      if (!dataRead) {
        dataRead = true;
        data = parseJson(message.payload);
      }
      return data;
    },
  };
  subjects.set(message, subject);
  return subject;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
