/**
 * Users' and channels' metadata (docs/protocol.md §14.2, §14.3): one set of handlers for both kinds.
 *
 *   GET    /v2/objects/{sub}/uuids?include&filter&sort&limit&start&end&count       every user, a page
 *   GET    /v2/objects/{sub}/uuids/{uuid}?include                                  one user (404 when none)
 *   PATCH  /v2/objects/{sub}/uuids/{uuid}?include   body {name, email, …, custom}  set (create or update)
 *   DELETE /v2/objects/{sub}/uuids/{uuid}                                          remove (200 either way)
 *   … and the same under /channels/{channel}.
 *
 * A set changes only the fields its body names (`custom` is replaced whole) and gives the record a new `updated`
 * and `eTag`. With `If-Match: <eTag>` it is conditional: 412 when the stored record has another ETag or none.
 * Every change is published as an App Context event once committed (`objects-events.ts`).
 */
import { MAX_NAME_LENGTH } from '@pubkit/core';
import { channelProblem } from '../channel-names.js';
import type { Exchange, Handler, Services } from '../exchange.js';
import type { ObjectKind, StoredObject } from '../storage/objects-store.js';
import { storageFailure } from '../storage-failure.js';
import { objectsAllowed } from './objects-access.js';
import { isBodyProblem, readObjectPatch } from './objects-body.js';
import { eTagOf, fullObjectJson, objectJson, objectView } from './objects-entities.js';
import { publishObjectsEvent } from './objects-events.js';
import { listingCache, listingJson, readListing } from './objects-listing.js';
import { pageOf } from './objects-page.js';
import { includeParam, invalidInput, objectsError, REFUSED } from './objects-params.js';

/** `include` values of a user or channel. */
const OBJECT_INCLUDES: readonly string[] = ['custom', 'status', 'type'];
/** Sort keys of the user and channel listings. */
const OBJECT_SORT_KEYS: readonly string[] = ['id', 'name', 'updated', 'status', 'type'];

/** Answers 404 for a record that does not exist. */
export function notFound(ex: Exchange): void {
  objectsError(ex, 404, 'Requested object was not found.');
}

/** Answers a failed store call. */
export function storeFailed(ex: Exchange, services: Services, err: unknown): void {
  const failure = storageFailure(err, services);
  objectsError(ex, failure.status, failure.message);
}

/** The id in the path, checked; undefined after a 400. */
export function pathId(ex: Exchange, kind: ObjectKind): string | undefined {
  const id = kind === 'uuid' ? (ex.params.uuid ?? '') : (ex.params.channel ?? '');
  const problem =
    kind === 'channel'
      ? channelProblem(id)
      : id === ''
        ? 'The uuid is empty'
        : [...id].length > MAX_NAME_LENGTH
          ? `The uuid is longer than ${MAX_NAME_LENGTH} characters`
          : undefined;
  if (problem === undefined) return id;
  invalidInput(ex, problem, kind, 'path');
  return undefined;
}

function reference(kind: ObjectKind, id: string) {
  return kind === 'uuid' ? { uuids: [id] } : { channels: [id] };
}

function getOne(kind: ObjectKind): Handler {
  return function getObject(ex, services) {
    const id = pathId(ex, kind);
    if (id === undefined) return;
    const include = includeParam(ex, OBJECT_INCLUDES);
    if (include === REFUSED) return;
    if (!objectsAllowed(ex, services, [{ ...reference(kind, id), permission: 'get' }])) return;
    const found = services.objects.object(ex.params.sub ?? '', kind, id);
    if (!found) return notFound(ex);
    ex.reply(200, JSON.stringify({ status: 200, data: objectJson(kind, found, include) }));
  };
}

function setOne(kind: ObjectKind): Handler {
  return async function setObject(ex, services) {
    const id = pathId(ex, kind);
    if (id === undefined) return;
    const include = includeParam(ex, OBJECT_INCLUDES);
    if (include === REFUSED) return;
    if (!objectsAllowed(ex, services, [{ ...reference(kind, id), permission: 'update' }])) return;
    const patch = readObjectPatch(kind, ex.body);
    if (isBodyProblem(patch)) return invalidInput(ex, patch.problem, patch.location, 'body');
    const sub = ex.params.sub ?? '';
    const before = services.objects.object(sub, kind, id);
    const ifMatch = ex.req.headers['if-match'];
    if (typeof ifMatch === 'string' && ifMatch !== '' && ifMatch !== before?.eTag) {
      return objectsError(ex, 412, 'Object to update has been modified since the ETag was read.', {
        message: before ? 'The ETag does not match the stored one' : 'The object does not exist',
        location: 'If-Match',
        locationType: 'header',
      });
    }
    const fields = { ...before?.fields, ...patch.fields };
    const custom = patch.custom !== undefined ? patch.custom : (before?.custom ?? null);
    const updated = new Date(services.nowMs()).toISOString();
    const record: StoredObject = { id, fields, custom, updated, eTag: eTagOf([kind, id, fields, custom, updated]) };
    try {
      await services.objects.putObject(sub, kind, record);
    } catch (err) {
      return storeFailed(ex, services, err);
    }
    publishObjectsEvent(services, sub, [id], 'set', kind, fullObjectJson(kind, record), ex.query.uuid);
    ex.reply(200, JSON.stringify({ status: 200, data: objectJson(kind, record, include) }));
  };
}

function removeOne(kind: ObjectKind): Handler {
  return async function removeObject(ex, services) {
    const id = pathId(ex, kind);
    if (id === undefined) return;
    if (!objectsAllowed(ex, services, [{ ...reference(kind, id), permission: 'delete' }])) return;
    const sub = ex.params.sub ?? '';
    let removed: StoredObject | undefined;
    try {
      removed = await services.objects.removeObject(sub, kind, id);
    } catch (err) {
      return storeFailed(ex, services, err);
    }
    if (removed) publishObjectsEvent(services, sub, [id], 'delete', kind, { id }, ex.query.uuid);
    ex.reply(200, '{"status":200,"data":null}');
  };
}

function getAll(kind: ObjectKind): Handler {
  return function getAllObjects(ex, services) {
    const listing = readListing(ex, {
      includes: OBJECT_INCLUDES,
      target: kind,
      sortKeys: OBJECT_SORT_KEYS,
      tiebreak: 'id',
    });
    if (listing === REFUSED) return;
    if (!objectsAllowed(ex, services, [{ permission: 'get' }])) return;
    const { filter, sort, limit, cursors, include } = listing;
    const sub = ex.params.sub ?? '';
    const cache = listingCache(sub, kind, listing, services.objects.version(sub));
    const page = pageOf(services.objects.objects(sub, kind), objectView, { filter, sort, limit, cache, ...cursors });
    const data = page.items.map((o) => objectJson(kind, o, include));
    ex.reply(200, listingJson(listing, page, data));
  };
}

/** The handlers of one kind. */
export function metadataHandlers(kind: ObjectKind): { one: Record<string, Handler>; all: Handler } {
  return { one: { GET: getOne(kind), PATCH: setOne(kind), DELETE: removeOne(kind) }, all: getAll(kind) };
}
