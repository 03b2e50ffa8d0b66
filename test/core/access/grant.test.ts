import { buildGrant, buildRevoke, encodeQuery, PubnubValidationError } from '@pubkit/core';
import { expect } from 'chai';
import { authCtx, ctx, expectTrace } from '../presence/fixtures.js';

describe('core/access: grant and revoke requests', () => {
  it('matches the captured grant trace (docs/protocol.md §9.1) minus the v2-only d/g/j/u flags', () => {
    const req = buildGrant({ channels: 'ch1', authKeys: 'ak', read: true, write: true, ttl: 5 }, ctx);
    expect(req.operation).to.equal('grant');
    expectTrace(
      req,
      '/v2/auth/grant/sub-key/sub?channel=ch1&auth=ak&r=1&w=1&m=0&d=0&g=0&j=0&u=0&ttl=5&uuid=user-1&requestid=ba624543-3cbc-428b-a960-389cedf8615b&pnsdk=PubNub-JS-Nodejs%2F10.2.9&timestamp=1795882483&signature=v2.S9KH58JvFOK6wZQo0Z_ntIkWO2A9GMliULxgpSPYYlw',
      ['d', 'g', 'j', 'u'],
    );
    expect(encodeQuery(req.query)).to.equal(
      'channel=ch1&auth=ak&r=1&w=1&m=0&ttl=5&uuid=user-1&pnsdk=PubNub-JS-Nodejs%2F10.2.9',
    );
  });

  it('comma lists encode the comma as %2C in the query (vector S10)', () => {
    const req = buildGrant({ channels: ['ch1', 'ch2'], authKeys: ['key1', 'key2'] }, ctx);
    expect(req.query).to.include({ channel: 'ch1,ch2', auth: 'key1,key2', r: '0', w: '0', m: '0' });
    const wire = encodeQuery(req.query);
    expect(wire).to.contain('channel=ch1%2Cch2');
    expect(wire).to.contain('auth=key1%2Ckey2');
  });

  it("never sends the context's own auth key (docs/protocol.md §1.3)", () => {
    expect(buildGrant({ channels: 'ch1', read: true }, authCtx).query).to.not.have.property('auth');
    expect(buildGrant({ authKeys: 'other' }, authCtx).query.auth).to.equal('other');
  });

  it('sends no ttl unless given (the service default 1440 applies); 0 means forever', () => {
    expect(buildGrant({ channels: 'ch1' }, ctx).query).to.not.have.property('ttl');
    expect(buildGrant({ channels: 'ch1', ttl: 0 }, ctx).query.ttl).to.equal('0');
    expect(buildGrant({ channels: 'ch1', ttl: 525600 }, ctx).query.ttl).to.equal('525600');
  });

  it('key level: no channel, no group; groups go in channel-group', () => {
    expect(buildGrant({ read: true }, ctx).query).to.deep.equal({
      r: '1',
      w: '0',
      m: '0',
      uuid: 'user-1',
      pnsdk: 'PubNub-JS-Nodejs/10.2.9',
    });
    const group = buildGrant({ channelGroups: 'ns:cg', authKeys: 'ak', manage: true }, ctx);
    expect(group.query).to.include({ 'channel-group': 'ns:cg', auth: 'ak', m: '1' });
    expect(group.path).to.equal('/v2/auth/grant/sub-key/sub');
  });

  it('validates ttl, permissions, channels and auth keys', () => {
    for (const ttl of [-1, 525601, 1.5, Number.NaN]) {
      expect(() => buildGrant({ channels: 'ch1', ttl }, ctx)).to.throw(PubnubValidationError, /ttl/);
    }
    const notBool = 1 as unknown as boolean;
    expect(() => buildGrant({ read: notBool }, ctx)).to.throw(PubnubValidationError, /read must be true or false/);
    expect(() => buildGrant({ channels: 'a b' }, ctx)).to.throw(PubnubValidationError, /channels/);
    expect(() => buildGrant({ authKeys: ['a,b'] }, ctx)).to.throw(PubnubValidationError, /authKeys/);
    expect(() => buildGrant({ authKeys: [''] }, ctx)).to.throw(PubnubValidationError, /authKeys/);
  });

  it('revoke is a grant with r=0, w=0, m=0 and no ttl unless given', () => {
    const req = buildRevoke({ channels: 'ch1', authKeys: 'ak' }, ctx);
    expect(req.operation).to.equal('grant');
    expect(req.path).to.equal('/v2/auth/grant/sub-key/sub');
    expect(encodeQuery(req.query)).to.equal(
      'channel=ch1&auth=ak&r=0&w=0&m=0&uuid=user-1&pnsdk=PubNub-JS-Nodejs%2F10.2.9',
    );
    expect(buildRevoke({ channels: 'ch1', ttl: 1 }, ctx).query.ttl).to.equal('1');
  });
});
