/**
 * User and channel metadata builders and parsers against PubNub's documented wire format (docs/protocol.md §14.7):
 * paths, methods, `include`, the PATCH body, `If-Match`, the listing query; bad input refused before sending with
 * the field named; answers of the wrong shape malformed; 412 read as a failed precondition.
 */
import {
  buildGetAllChannelMetadata,
  buildGetAllUUIDMetadata,
  buildGetChannelMetadata,
  buildGetUUIDMetadata,
  buildRemoveChannelMetadata,
  buildRemoveUUIDMetadata,
  buildSetChannelMetadata,
  buildSetUUIDMetadata,
  PubnubAccessDeniedError,
  PubnubMalformedResponseError,
  PubnubPreconditionFailedError,
  PubnubServiceError,
  PubnubValidationError,
  parseGetAllUUIDMetadata,
  parseGetChannelMetadata,
  parseGetUUIDMetadata,
  parseRemoveChannelMetadata,
  parseSetChannelMetadata,
  parseSetUUIDMetadata,
} from '@pubkit/core';
import { expect } from 'chai';
import { authCtx, ctx, res, wire } from '../operations/helpers.js';

const COMMON = 'uuid=user-1&pnsdk=PubKit-Node%2F0.1.0';
const USER = { id: 'u1', name: 'Ann', updated: '2026-01-01T00:00:00.000Z', eTag: 'AbC1' };

function refused(build: () => unknown, field: string): PubnubValidationError {
  try {
    build();
  } catch (err) {
    expect(err).to.be.instanceOf(PubnubValidationError);
    expect((err as PubnubValidationError).field).to.equal(field);
    return err as PubnubValidationError;
  }
  return expect.fail(`expected a PubnubValidationError on ${field}`);
}

describe('core/objects: user and channel metadata', () => {
  describe('builders', () => {
    it('setUUIDMetadata: PATCH /v2/objects/{sub}/uuids/{uuid} with the given fields and include=custom,status,type', () => {
      const req = buildSetUUIDMetadata(
        { uuid: 'u 1', data: { name: 'Ann', email: 'a@x', custom: { team: 'red', n: 1, ok: true, gone: null } } },
        ctx,
      );
      expect(req).to.include({ operation: 'setUUIDMetadata', method: 'PATCH' });
      expect(wire(req)).to.equal(`/v2/objects/sub/uuids/u%201?include=custom%2Cstatus%2Ctype&${COMMON}`);
      expect(JSON.parse(req.body ?? '')).to.deep.equal({
        name: 'Ann',
        email: 'a@x',
        custom: { team: 'red', n: 1, ok: true, gone: null },
      });
      expect(req.headers).to.deep.equal({ 'Content-Type': 'application/json' });
    });

    it('setUUIDMetadata without uuid is about the client own uuid; ifMatchesEtag becomes If-Match', () => {
      const req = buildSetUUIDMetadata({ data: { status: 'away' }, ifMatchesEtag: 'E1' }, authCtx);
      expect(req.path).to.equal('/v2/objects/sub/uuids/user-1');
      expect(req.headers).to.deep.equal({ 'Content-Type': 'application/json', 'If-Match': 'E1' });
      expect(req.query.auth).to.equal('ak');
    });

    it('include flags turn parts off and never send count for one object', () => {
      const req = buildGetUUIDMetadata({ uuid: 'u1', include: { customFields: false, typeField: false } }, ctx);
      expect(wire(req)).to.equal(`/v2/objects/sub/uuids/u1?include=status&${COMMON}`);
      const none = buildGetChannelMetadata(
        { channel: 'c1', include: { customFields: false, statusField: false, typeField: false } },
        ctx,
      );
      expect(wire(none)).to.equal(`/v2/objects/sub/channels/c1?${COMMON}`);
    });

    it('getAllUUIDMetadata: filter, sort as one comma list, limit, page.next as start, count', () => {
      const req = buildGetAllUUIDMetadata(
        {
          include: { customFields: true, totalCount: true },
          filter: "name LIKE 'a*'",
          sort: { name: 'asc', updated: 'desc', id: null },
          limit: 10,
          page: { next: 'NX', prev: 'PV' },
        },
        ctx,
      );
      expect(req).to.include({ operation: 'getAllUUIDMetadata', method: 'GET' });
      expect(req.path).to.equal('/v2/objects/sub/uuids');
      expect(req.query).to.deep.include({
        include: 'custom,status,type',
        count: 'true',
        filter: "name LIKE 'a*'",
        sort: 'name:asc,updated:desc,id',
        limit: '10',
        start: 'NX',
      });
      expect(req.query).to.not.have.property('end');
    });

    it('getAllChannelMetadata: no custom by default, page.prev as end', () => {
      const req = buildGetAllChannelMetadata({ page: { prev: 'PV' } }, ctx);
      expect(wire(req)).to.equal(`/v2/objects/sub/channels?include=status%2Ctype&end=PV&${COMMON}`);
    });

    it('remove: DELETE of the object', () => {
      expect(wire(buildRemoveUUIDMetadata({}, ctx))).to.equal(`/v2/objects/sub/uuids/user-1?${COMMON}`);
      const req = buildRemoveChannelMetadata({ channel: 'c1' }, ctx);
      expect(req).to.include({ method: 'DELETE', operation: 'removeChannelMetadata' });
      expect(req.body).to.equal(undefined);
    });

    it('null clears a field or the whole custom; an absent field is not sent', () => {
      const req = buildSetChannelMetadata(
        { channel: 'c1', data: { description: null, custom: null, name: undefined } },
        ctx,
      );
      expect(JSON.parse(req.body ?? '')).to.deep.equal({ description: null, custom: null });
    });

    it('setChannelMetadata: name, description, type, status, custom', () => {
      const data = { name: 'General', description: 'd', type: 'public', status: 'open', custom: { x: 1 } };
      const req = buildSetChannelMetadata({ channel: 'c1', data }, ctx);
      expect(JSON.parse(req.body ?? '')).to.deep.equal(data);
    });
  });

  describe('bad input is refused before sending', () => {
    it('a custom value that is an object or an array (not flat)', () => {
      const err = refused(
        () => buildSetUUIDMetadata({ data: { custom: { a: { b: 1 } } as never } }, ctx),
        'data.custom.a',
      );
      expect(err.message).to.match(/flat JSON scalars/);
      refused(
        () => buildSetChannelMetadata({ channel: 'c', data: { custom: { a: [1] } as never } }, ctx),
        'data.custom.a',
      );
      refused(
        () => buildSetChannelMetadata({ channel: 'c', data: { custom: { a: Number.NaN } } }, ctx),
        'data.custom.a',
      );
      refused(() => buildSetChannelMetadata({ channel: 'c', data: { custom: 'x' as never } }, ctx), 'data.custom');
    });

    it('an unknown include flag, or one that is not a boolean', () => {
      const err = refused(
        () => buildGetUUIDMetadata({ include: { customField: true } as never }, ctx),
        'include.customField',
      );
      expect(err.message).to.match(/customFields, statusField, typeField/);
      refused(() => buildGetUUIDMetadata({ include: { totalCount: true } as never }, ctx), 'include.totalCount');
      refused(
        () => buildGetAllUUIDMetadata({ include: { customFields: 'yes' } as never }, ctx),
        'include.customFields',
      );
    });

    it('a limit out of 1..100, an unknown sort key or direction, a bad page cursor', () => {
      for (const limit of [0, 101, 1.5, Number.NaN]) refused(() => buildGetAllUUIDMetadata({ limit }, ctx), 'limit');
      refused(() => buildGetAllUUIDMetadata({ sort: { email: 'asc' } as never }, ctx), 'sort.email');
      refused(() => buildGetAllUUIDMetadata({ sort: { name: 'up' } as never }, ctx), 'sort.name');
      refused(() => buildGetAllChannelMetadata({ page: { next: '' } }, ctx), 'page.next');
      refused(() => buildGetAllChannelMetadata({ filter: 5 as never }, ctx), 'filter');
    });

    it('fields over their limits, a blank name, an unknown field, a bad eTag, a bad id', () => {
      refused(() => buildSetUUIDMetadata({ data: { email: 'e'.repeat(321) } }, ctx), 'data.email');
      refused(() => buildSetUUIDMetadata({ data: { type: 't'.repeat(51) } }, ctx), 'data.type');
      refused(() => buildSetUUIDMetadata({ data: { name: '  ' } }, ctx), 'data.name');
      refused(() => buildSetUUIDMetadata({ data: { nickname: 'x' } as never }, ctx), 'data.nickname');
      refused(() => buildSetChannelMetadata({ channel: 'c', data: { email: 'x' } as never }, ctx), 'data.email');
      refused(() => buildSetUUIDMetadata({ data: null as never }, ctx), 'data');
      refused(() => buildSetUUIDMetadata({ data: {}, ifMatchesEtag: '' }, ctx), 'ifMatchesEtag');
      refused(() => buildSetChannelMetadata({ channel: 'a,b', data: {} }, ctx), 'channel');
      refused(() => buildGetUUIDMetadata({ uuid: 'u'.repeat(93) }, ctx), 'uuid');
      refused(() => buildGetAllUUIDMetadata({}, { ...ctx, subscribeKey: '' }), 'subscribeKey');
    });
  });

  describe('parsers', () => {
    it('one object: { status, data } with the fields of the right type', () => {
      const body = JSON.stringify({ status: 200, data: { ...USER, custom: { a: 1 }, email: 5 } });
      expect(parseGetUUIDMetadata(res(body))).to.deep.equal({ status: 200, data: { ...USER, custom: { a: 1 } } });
      const channel = { id: 'c1', name: 'General', description: null, updated: USER.updated, eTag: 'E' };
      expect(parseSetChannelMetadata(res(JSON.stringify({ status: 200, data: channel })))).to.deep.equal({
        status: 200,
        data: channel,
      });
    });

    it('a page: data, totalCount, next, prev', () => {
      const body = JSON.stringify({ status: 200, data: [USER], totalCount: 7, next: 'N', prev: 'P' });
      expect(parseGetAllUUIDMetadata(res(body))).to.deep.equal({
        status: 200,
        data: [USER],
        totalCount: 7,
        next: 'N',
        prev: 'P',
      });
      expect(parseGetAllUUIDMetadata(res('{"status":200,"data":[]}'))).to.deep.equal({ status: 200, data: [] });
    });

    it('a removal: { status, data: null }', () => {
      expect(parseRemoveChannelMetadata(res('{"status":200,"data":null}'))).to.deep.equal({ status: 200, data: null });
    });

    it('412 is a PubnubPreconditionFailedError (a PubnubServiceError) with the service words', () => {
      const body = JSON.stringify({ status: 412, error: { message: 'Object was modified', source: 'metadata' } });
      try {
        parseSetUUIDMetadata(res(body, 412));
        expect.fail('expected a throw');
      } catch (err) {
        expect(err).to.be.instanceOf(PubnubPreconditionFailedError).and.instanceOf(PubnubServiceError);
        expect(err).to.include({ code: 'PN_PRECONDITION_FAILED', operation: 'setUUIDMetadata' });
        expect((err as PubnubPreconditionFailedError).upstream.status).to.equal(412);
        expect((err as Error).message).to.match(/Object was modified/);
      }
      expect(() => parseSetUUIDMetadata(res('not json', 412))).to.throw(PubnubPreconditionFailedError);
    });

    it('other errors: 404, 400 with the service message, 403', () => {
      const notFound = JSON.stringify({ status: 404, error: { message: 'Requested object was not found.' } });
      expect(() => parseGetChannelMetadata(res(notFound, 404))).to.throw(PubnubServiceError, /not found/);
      expect(() => parseGetAllUUIDMetadata(res('{"status":400,"error":{"message":"Invalid filter"}}', 400))).to.throw(
        PubnubServiceError,
        /Invalid filter/,
      );
      expect(() => parseGetUUIDMetadata(res('{"status":403,"error":{"message":"Forbidden"}}', 403))).to.throw(
        PubnubAccessDeniedError,
      );
    });

    it('a body of the wrong shape is malformed', () => {
      expect(() => parseGetUUIDMetadata(res('{"status":200,"data":{"name":"x"}}'))).to.throw(
        PubnubMalformedResponseError,
      );
      expect(() => parseGetAllUUIDMetadata(res('{"status":200,"data":[{"id":"u"}]}'))).to.throw(
        PubnubMalformedResponseError,
      );
      expect(() => parseRemoveChannelMetadata(res('[]'))).to.throw(PubnubMalformedResponseError);
    });
  });
});
