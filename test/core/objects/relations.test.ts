/**
 * Memberships and channel members against PubNub's documented wire format (docs/protocol.md §14.7): the paths of
 * both sides, the `{set, delete}` PATCH body, nested includes and sort keys, the 100-change limit; the page parsers.
 */
import {
  buildGetChannelMembers,
  buildGetMemberships,
  buildManageChannelMembers,
  buildManageMemberships,
  buildRemoveChannelMembers,
  buildRemoveMemberships,
  buildSetChannelMembers,
  buildSetMemberships,
  MAX_RELATION_CHANGES,
  PubnubMalformedResponseError,
  PubnubValidationError,
  parseGetChannelMembers,
  parseGetMemberships,
  parseSetMemberships,
} from '@pubkit/core';
import { expect } from 'chai';
import { ctx, res, wire } from '../operations/helpers.js';

const COMMON = 'uuid=user-1&pnsdk=PubKit-Node%2F0.1.0';
const STAMP = { updated: '2026-01-01T00:00:00.000Z', eTag: 'E' };

function refused(build: () => unknown, field: string): void {
  expect(build).to.throw(PubnubValidationError).with.property('field', field);
}

describe('core/objects: memberships and channel members', () => {
  describe('builders', () => {
    it('setMemberships: PATCH …/uuids/{uuid}/channels with set entries (ids or objects)', () => {
      const req = buildSetMemberships(
        { channels: ['c1', { id: 'c2', custom: { starred: true }, status: 'active', type: 'dm' }] },
        ctx,
      );
      expect(req).to.include({ operation: 'setMemberships', method: 'PATCH' });
      expect(wire(req)).to.equal(`/v2/objects/sub/uuids/user-1/channels?include=status%2Ctype&${COMMON}`);
      expect(JSON.parse(req.body ?? '')).to.deep.equal({
        set: [
          { channel: { id: 'c1' } },
          { channel: { id: 'c2' }, custom: { starred: true }, status: 'active', type: 'dm' },
        ],
        delete: [],
      });
    });

    it('removeMemberships: the delete list; manageMemberships: both in one body', () => {
      const removed = buildRemoveMemberships({ uuid: 'u2', channels: ['c1', { id: 'c2' }] }, ctx);
      expect(removed.path).to.equal('/v2/objects/sub/uuids/u2/channels');
      expect(JSON.parse(removed.body ?? '')).to.deep.equal({
        set: [],
        delete: [{ channel: { id: 'c1' } }, { channel: { id: 'c2' } }],
      });
      const managed = buildManageMemberships({ set: ['a'], remove: ['b'] }, ctx);
      expect(managed.operation).to.equal('manageMemberships');
      expect(JSON.parse(managed.body ?? '')).to.deep.equal({
        set: [{ channel: { id: 'a' } }],
        delete: [{ channel: { id: 'b' } }],
      });
    });

    it('getMemberships: nested channel fields, counts, sort on channel keys', () => {
      const req = buildGetMemberships(
        {
          include: { customFields: true, channelFields: true, customChannelFields: true, totalCount: true },
          sort: { 'channel.name': 'asc', updated: 'desc' },
          limit: 5,
        },
        ctx,
      );
      expect(req.method).to.equal('GET');
      expect(req.query).to.deep.include({
        include: 'custom,status,type,channel,channel.status,channel.type,channel.custom',
        count: 'true',
        sort: 'channel.name:asc,updated:desc',
        limit: '5',
      });
    });

    it('channel members: …/channels/{ch}/uuids with uuid entries and uuid includes', () => {
      const set = buildSetChannelMembers(
        { channel: 'c1', uuids: ['u1', { id: 'u2', custom: { role: 'admin' } }] },
        ctx,
      );
      expect(set.path).to.equal('/v2/objects/sub/channels/c1/uuids');
      expect(JSON.parse(set.body ?? '')).to.deep.equal({
        set: [{ uuid: { id: 'u1' } }, { uuid: { id: 'u2' }, custom: { role: 'admin' } }],
        delete: [],
      });
      const get = buildGetChannelMembers(
        { channel: 'c1', include: { UUIDFields: true, UUIDTypeField: false }, sort: { 'uuid.name': null } },
        ctx,
      );
      expect(get.query).to.deep.include({ include: 'status,type,uuid,uuid.status', sort: 'uuid.name' });
      const removed = buildRemoveChannelMembers({ channel: 'c1', uuids: ['u1'] }, ctx);
      expect(JSON.parse(removed.body ?? '')).to.deep.equal({ set: [], delete: [{ uuid: { id: 'u1' } }] });
      const managed = buildManageChannelMembers({ channel: 'c1', set: ['u3'], remove: ['u1'] }, ctx);
      expect(managed.operation).to.equal('manageChannelMembers');
    });
  });

  describe('bad input is refused before sending', () => {
    it('more changes than one call may carry, or none', () => {
      const many = Array.from({ length: MAX_RELATION_CHANGES + 1 }, (_, i) => `c${i}`);
      expect(() => buildSetMemberships({ channels: many }, ctx)).to.throw(PubnubValidationError, /limit is 100/);
      const half = many.slice(0, 60);
      refused(() => buildManageMemberships({ set: half, remove: half.map((c) => `${c}x`) }, ctx), 'set');
      refused(() => buildSetMemberships({ channels: [] }, ctx), 'channels');
      refused(() => buildManageChannelMembers({ channel: 'c' }, ctx), 'set');
      expect(() => buildSetMemberships({ channels: many.slice(0, 100) }, ctx)).to.not.throw();
    });

    it('the same id twice in one call (the service refuses it: which change would win?)', () => {
      expect(() => buildManageMemberships({ set: ['a'], remove: [{ id: 'a' }] }, ctx)).to.throw(
        PubnubValidationError,
        /"a" twice/,
      );
      refused(() => buildSetChannelMembers({ channel: 'c', uuids: ['u', { id: 'u', status: 's' }] }, ctx), 'uuids');
    });

    it('a nested custom, a long status, an unknown entry field, a bad id', () => {
      refused(
        () => buildSetMemberships({ channels: [{ id: 'c', custom: { a: {} } as never }] }, ctx),
        'channels[0].custom.a',
      );
      refused(
        () => buildSetChannelMembers({ channel: 'c', uuids: [{ id: 'u', status: 's'.repeat(51) }] }, ctx),
        'uuids[0].status',
      );
      refused(() => buildSetMemberships({ channels: [{ id: 'c', role: 'x' } as never] }, ctx), 'channels[0].role');
      refused(() => buildSetMemberships({ channels: ['a,b'] }, ctx), 'channels[0]');
      refused(() => buildRemoveMemberships({ channels: [{ id: '' }] }, ctx), 'channels[0].id');
      refused(() => buildSetChannelMembers({ channel: 'c', uuids: 'u1' as never }, ctx), 'uuids');
    });

    it('the other side include flags and sort keys belong to their side', () => {
      refused(() => buildGetMemberships({ include: { UUIDFields: true } as never }, ctx), 'include.UUIDFields');
      refused(
        () => buildGetChannelMembers({ channel: 'c', include: { channelFields: true } as never }, ctx),
        'include.channelFields',
      );
      refused(() => buildGetMemberships({ sort: { 'uuid.name': 'asc' } as never }, ctx), 'sort.uuid.name');
      refused(() => buildGetChannelMembers({ channel: 'c', limit: 101 }, ctx), 'limit');
    });
  });

  describe('parsers', () => {
    it('a page of memberships with nested channels', () => {
      const item = {
        channel: { id: 'c1', name: 'General', custom: { a: 1 } },
        custom: null,
        status: 'active',
        ...STAMP,
      };
      const body = JSON.stringify({ status: 200, data: [item], totalCount: 1, next: 'N' });
      expect(parseGetMemberships(res(body))).to.deep.equal({ status: 200, data: [item], totalCount: 1, next: 'N' });
      expect(parseSetMemberships(res(body)).data[0]?.channel.id).to.equal('c1');
    });

    it('a page of members with nested uuids', () => {
      const item = { uuid: { id: 'u1' }, type: 'owner', ...STAMP };
      expect(parseGetChannelMembers(res(JSON.stringify({ status: 200, data: [item] }))).data).to.deep.equal([item]);
    });

    it('an entry without the other side id is malformed', () => {
      const body = JSON.stringify({ status: 200, data: [{ channel: {}, ...STAMP }] });
      expect(() => parseGetMemberships(res(body))).to.throw(PubnubMalformedResponseError, /getMemberships/);
      const noStamp = JSON.stringify({ status: 200, data: [{ uuid: { id: 'u' } }] });
      expect(() => parseGetChannelMembers(res(noStamp))).to.throw(PubnubMalformedResponseError);
    });
  });
});
