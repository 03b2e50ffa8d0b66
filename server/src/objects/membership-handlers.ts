/**
 * Memberships and members (docs/protocol.md §14.2, §14.3): the same relation seen from either end.
 *
 *   GET   /v2/objects/{sub}/uuids/{uuid}/channels?include&filter&sort&limit&start&end&count   a user's memberships
 *   PATCH /v2/objects/{sub}/uuids/{uuid}/channels?…  body {"set":[{"channel":{"id"},custom,status,type}],"delete":[…]}
 *   GET   /v2/objects/{sub}/channels/{channel}/uuids?…                                         a channel's members
 *   PATCH /v2/objects/{sub}/channels/{channel}/uuids?… body {"set":[{"uuid":{"id"},…}],"delete":[…]}
 *
 * A PATCH applies its `set` and `delete` together (at most `MAX_MEMBERSHIP_CHANGES` entries; a refused entry
 * refuses the call and nothing changes), publishes one event per membership set or removed (on the channel and
 * the user channel), and answers the page of the relation after the change, as a GET with the same query would.
 * Memberships are independent of the users' and channels' metadata: either end may have none.
 */
import { MAX_NAME_LENGTH } from '@pubkit/core';
import { channelProblem } from '../channel-names.js';
import type { Exchange, Handler, Services } from '../exchange.js';
import type { StoredMembership } from '../storage/objects-store.js';
import { pathId, storeFailed } from './metadata-handlers.js';
import { type ObjectsNeed, objectsAllowed } from './objects-access.js';
import { isBodyProblem, readMembershipChange } from './objects-body.js';
import { eTagOf, membershipEventData, membershipJson, membershipView, type Side } from './objects-entities.js';
import { publishObjectsEvent } from './objects-events.js';
import { type Listing, type ListingRules, listingCache, listingJson, readListing } from './objects-listing.js';
import { pageOf } from './objects-page.js';
import { invalidInput, REFUSED } from './objects-params.js';

/** How one end of the relation differs from the other. */
interface Relation {
  /** What the path names: the user (memberships) or the channel (members). */
  readonly owner: 'uuid' | 'channel';
  /** What each entry nests: the channel (memberships) or the user (members). */
  readonly side: Side;
  readonly rules: ListingRules;
  /** Access needed to read and to change, given the owner and the other ends touched. */
  readonly readNeed: (owner: string) => ObjectsNeed[];
  readonly changeNeed: (owner: string, others: readonly string[]) => ObjectsNeed[];
}

const MEMBERSHIPS: Relation = {
  owner: 'uuid',
  side: 'channel',
  rules: rulesOf('channel', 'membership'),
  readNeed: (uuid) => [{ uuids: [uuid], permission: 'get' }],
  changeNeed: (uuid, channels) => [
    { uuids: [uuid], permission: 'update' },
    ...(channels.length > 0 ? [{ channels, permission: 'join' as const }] : []),
  ],
};

const MEMBERS: Relation = {
  owner: 'channel',
  side: 'uuid',
  rules: rulesOf('uuid', 'member'),
  readNeed: (channel) => [{ channels: [channel], permission: 'get' }],
  changeNeed: (channel) => [{ channels: [channel], permission: 'manage' }],
};

function otherIdProblem(side: Side, id: string): string | undefined {
  if (side === 'channel') return channelProblem(id);
  return [...id].length > MAX_NAME_LENGTH ? `The uuid is longer than ${MAX_NAME_LENGTH} characters` : undefined;
}

function rulesOf(side: Side, target: 'membership' | 'member'): ListingRules {
  return {
    includes: ['custom', 'status', 'type', side, `${side}.custom`, `${side}.type`, `${side}.status`],
    target,
    sortKeys: ['updated', 'status', 'type', ...['id', 'name', 'updated', 'status', 'type'].map((k) => `${side}.${k}`)],
    tiebreak: `${side}.id`,
  };
}

/** Answers the page of `owner`'s relation. */
function answerPage(ex: Exchange, services: Services, rel: Relation, owner: string, listing: Listing): void {
  const sub = ex.params.sub ?? '';
  const objects = services.objects;
  const nestedOf = (m: StoredMembership) => objects.object(sub, rel.side, rel.side === 'channel' ? m.channel : m.uuid);
  const records = rel.owner === 'uuid' ? objects.membershipsOf(sub, owner) : objects.membersOf(sub, owner);
  const { filter, sort, limit, cursors, include } = listing;
  const cache = listingCache(sub, `${rel.rules.target}\n${owner}`, listing, objects.version(sub));
  const view = (m: StoredMembership) => membershipView(rel.side, m, nestedOf(m));
  const page = pageOf(records, view, { filter, sort, limit, cache, ...cursors });
  const data = page.items.map((m) => membershipJson(rel.side, m, nestedOf(m), include));
  ex.reply(200, listingJson(listing, page, data));
}

function getRelation(rel: Relation): Handler {
  return function getMemberships(ex, services) {
    const owner = pathId(ex, rel.owner);
    if (owner === undefined) return;
    const listing = readListing(ex, rel.rules);
    if (listing === REFUSED) return;
    if (!objectsAllowed(ex, services, rel.readNeed(owner))) return;
    answerPage(ex, services, rel, owner, listing);
  };
}

function changeRelation(rel: Relation): Handler {
  return async function changeMemberships(ex, services) {
    const owner = pathId(ex, rel.owner);
    if (owner === undefined) return;
    const listing = readListing(ex, rel.rules);
    if (listing === REFUSED) return;
    const change = readMembershipChange(rel.side, ex.body);
    if (isBodyProblem(change)) return invalidInput(ex, change.problem, change.location, 'body');
    const others = [...change.set.map((e) => e.id), ...change.delete];
    for (const id of others) {
      const problem = otherIdProblem(rel.side, id);
      if (problem) return invalidInput(ex, `${problem}: ${JSON.stringify(id.slice(0, 100))}`, rel.side, 'body');
    }
    if (!objectsAllowed(ex, services, rel.changeNeed(owner, others))) return;
    const sub = ex.params.sub ?? '';
    const updated = new Date(services.nowMs()).toISOString();
    const keyOf = (other: string) =>
      rel.owner === 'uuid' ? { uuid: owner, channel: other } : { uuid: other, channel: owner };
    const set: StoredMembership[] = change.set.map((entry) => {
      const key = keyOf(entry.id);
      const before = services.objects.membership(sub, key);
      const custom = entry.custom !== undefined ? entry.custom : (before?.custom ?? null);
      const status = entry.status !== undefined ? entry.status : (before?.status ?? null);
      const type = entry.type !== undefined ? entry.type : (before?.type ?? null);
      const content = { ...key, custom, status, type, updated };
      return { ...content, eTag: eTagOf(content) };
    });
    let removed: StoredMembership[];
    try {
      removed = await services.objects.changeMemberships(sub, set, change.delete.map(keyOf));
    } catch (err) {
      return storeFailed(ex, services, err);
    }
    const publisher = ex.query.uuid;
    for (const m of set) {
      const data = membershipEventData(m, false);
      publishObjectsEvent(services, sub, [m.channel, m.uuid], 'set', 'membership', data, publisher);
    }
    for (const m of removed) {
      const data = membershipEventData(m, true);
      publishObjectsEvent(services, sub, [m.channel, m.uuid], 'delete', 'membership', data, publisher);
    }
    answerPage(ex, services, rel, owner, listing);
  };
}

/** The GET and PATCH handlers of a user's memberships. */
export const membershipHandlers: Readonly<Record<string, Handler>> = {
  GET: getRelation(MEMBERSHIPS),
  PATCH: changeRelation(MEMBERSHIPS),
};

/** The GET and PATCH handlers of a channel's members. */
export const memberHandlers: Readonly<Record<string, Handler>> = {
  GET: getRelation(MEMBERS),
  PATCH: changeRelation(MEMBERS),
};
