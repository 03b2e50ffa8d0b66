/** Every recorded Access Manager body of docs/protocol.md §4.3, verbatim, and the error bodies of §4.4/§5. */
import {
  type AccessResult,
  PubnubAccessDeniedError,
  PubnubMalformedResponseError,
  PubnubServiceError,
  parseAudit,
  parseGrant,
} from '@pubkit/core';
import { expect } from 'chai';
import { ERRORS, res } from '../presence/fixtures.js';

const BODIES = {
  keyLevel:
    '{"message":"Success","payload":{"level":"subkey","subscribe_key":"sub-c-…","ttl":1440,"r":1,"w":1,"m":0},"service":"Access Manager","status":200}',
  channelLevel:
    '{"message":"Success","payload":{"level":"channel","subscribe_key":"sub-c-…","ttl":1440,"channels":{"test-pam-asyncio-ch1":{"r":1,"w":1,"m":0},"test-pam-asyncio-ch2":{"r":1,"w":1,"m":0}}},"service":"Access Manager","status":200}',
  userLevel:
    '{"message":"Success","payload":{"level":"user","subscribe_key":"sub-c-…","ttl":1440,"channel":"test-pam-asyncio-ch","auths":{"test-pam-asyncio-auth":{"r":1,"w":1,"m":0}}},"service":"Access Manager","status":200}',
  groupAuth:
    '{"message":"Success","payload":{"level":"channel-group+auth","subscribe_key":"sub-c-…","ttl":1440,"channel-groups":"test-pam-asyncio-cg","auths":{"test-pam-asyncio-auth":{"r":1,"w":1,"m":0}}},"service":"Access Manager","status":200}',
  auditKey:
    '{"message":"Success","payload":{"level":"subkey","subscribe_key":"sub-c-…","r":1,"m":0,"w":1,"ttl":1440,"channels":{},"objects":{},"channel-groups":{}},"service":"Access Manager","status":200}',
  auditUser:
    '{"message":"Success","payload":{"level":"user","subscribe_key":"sub-c-…","channel":"test-pam-asyncio-ch","auths":{"test-pam-asyncio-auth":{"r":1,"m":0,"w":1,"ttl":1440}}},"service":"Access Manager","status":200}',
  auditChannel:
    '{"message":"Success","payload":{"level":"channel","subscribe_key":"sub-c-…","channels":{"test-pam-asyncio-ch2":{"r":1,"m":0,"w":1,"ttl":1440,"auths":{"test-pam-asyncio-auth":{"r":1,"m":0,"w":1,"ttl":1440}}}}},"service":"Access Manager","status":200}',
  v2Grant:
    '{"message":"Success","payload":{"level":"channel","subscribe_key":"sub-c-…","ttl":1440,"channels":{"test-pam-asyncio-ch":{"r":1,"w":1,"m":0,"d":0}}},"service":"Access Manager","status":200}',
};

const RW = { r: true, w: true, m: false };
const RW_TTL = { ...RW, ttl: 1440 };

describe('core/access: parseGrant / parseAudit', () => {
  it('key level grant: top-level permissions and ttl', () => {
    const result = parseGrant(res(BODIES.keyLevel));
    expect(result.message).to.equal('Success');
    expect(result.payload).to.deep.equal({
      level: 'subkey',
      subscribeKey: 'sub-c-…',
      ttl: 1440,
      permissions: RW_TTL,
      channels: {},
      channelGroups: {},
    });
    expect(result.raw).to.include({ r: 1, w: 1, m: 0 });
  });

  it('channel level grant: per-channel permissions', () => {
    const { payload } = parseGrant(res(BODIES.channelLevel));
    expect(payload.level).to.equal('channel');
    expect(payload.channels).to.deep.equal({
      'test-pam-asyncio-ch1': { permissions: RW, auths: {} },
      'test-pam-asyncio-ch2': { permissions: RW, auths: {} },
    });
    expect(payload.permissions).to.equal(undefined);
  });

  it('user level grant: the named channel gets per-auth permissions', () => {
    const { payload } = parseGrant(res(BODIES.userLevel));
    expect(payload.channels).to.deep.equal({ 'test-pam-asyncio-ch': { auths: { 'test-pam-asyncio-auth': RW } } });
    expect(payload.ttl).to.equal(1440);
  });

  it('channel-group+auth grant: `channel-groups` is a string there (quirk 24)', () => {
    const { payload } = parseGrant(res(BODIES.groupAuth));
    expect(payload.level).to.equal('channel-group+auth');
    expect(payload.channelGroups).to.deep.equal({ 'test-pam-asyncio-cg': { auths: { 'test-pam-asyncio-auth': RW } } });
    expect(payload.channels).to.deep.equal({});
  });

  it('v2 grant: extra flags (d) stay in raw only', () => {
    const result = parseGrant(res(BODIES.v2Grant));
    expect(result.payload.channels['test-pam-asyncio-ch']).to.deep.equal({ permissions: RW, auths: {} });
    expect(result.raw.channels).to.deep.equal({ 'test-pam-asyncio-ch': { r: 1, w: 1, m: 0, d: 0 } });
  });

  it('key level audit: empty maps', () => {
    const { payload } = parseAudit(res(BODIES.auditKey));
    expect(payload).to.deep.equal({
      level: 'subkey',
      subscribeKey: 'sub-c-…',
      ttl: 1440,
      permissions: RW_TTL,
      channels: {},
      channelGroups: {},
    });
  });

  it('user level audit: ttl inside each permission object (quirk 24)', () => {
    const { payload } = parseAudit(res(BODIES.auditUser));
    expect(payload.ttl).to.equal(undefined);
    expect(payload.channels).to.deep.equal({ 'test-pam-asyncio-ch': { auths: { 'test-pam-asyncio-auth': RW_TTL } } });
  });

  it('channel level audit: channel permissions plus nested auths', () => {
    const { payload } = parseAudit(res(BODIES.auditChannel));
    expect(payload.channels).to.deep.equal({
      'test-pam-asyncio-ch2': { permissions: RW_TTL, auths: { 'test-pam-asyncio-auth': RW_TTL } },
    });
  });

  it('audit names a group by `channel-group`', () => {
    const body =
      '{"message":"Success","payload":{"level":"channel-group+auth","subscribe_key":"s","channel-group":"cg","auths":{"k":{"r":1,"m":0,"w":0,"ttl":5}}},"service":"Access Manager","status":200}';
    const { payload }: AccessResult = parseAudit(res(body));
    expect(payload.channelGroups).to.deep.equal({ cg: { auths: { k: { r: true, w: false, m: false, ttl: 5 } } } });
  });

  it('a body without payload.level is malformed', () => {
    expect(() => parseGrant(res('{"message":"Success","payload":{}}'))).to.throw(PubnubMalformedResponseError, /level/);
    expect(() => parseAudit(res('{"message":"Success"}'))).to.throw(PubnubMalformedResponseError, /payload/);
  });

  for (const [name, parse] of [
    ['parseGrant', parseGrant],
    ['parseAudit', parseAudit],
  ] as const) {
    describe(`${name} error bodies`, () => {
      it('403 Forbidden → PubnubAccessDeniedError', () => {
        expect(() => parse(ERRORS.forbidden)).to.throw(PubnubAccessDeniedError);
      });
      it('400 Invalid Timestamp → PubnubServiceError with the upstream body', () => {
        expect(() => parse(ERRORS.invalidTimestamp))
          .to.throw(PubnubServiceError, /Invalid Timestamp/)
          .with.nested.property('upstream.status', 400);
      });
      it('402 with HTTP 200 and 503 → PubnubServiceError', () => {
        expect(() => parse(ERRORS.notEnabledOn200)).to.throw(PubnubServiceError, /not turned on/);
        expect(() => parse(ERRORS.unavailable)).to.throw(PubnubServiceError, /Service Unavailable/);
      });
      it('truncated JSON and HTML → PubnubMalformedResponseError', () => {
        expect(() => parse(ERRORS.truncated)).to.throw(PubnubMalformedResponseError);
        expect(() => parse(ERRORS.html)).to.throw(PubnubMalformedResponseError, /HTML/);
      });
    });
  }
});
