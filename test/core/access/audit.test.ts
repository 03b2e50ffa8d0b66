import { buildAudit, encodeQuery, PubnubValidationError } from '@pubkit/core';
import { expect } from 'chai';
import { authCtx, ctx, expectTrace } from '../presence/fixtures.js';

describe('core/access: audit requests', () => {
  it('matches the captured audit trace (docs/protocol.md §9.1)', () => {
    const req = buildAudit({ channel: 'ch1' }, ctx);
    expect(req.operation).to.equal('audit');
    expectTrace(
      req,
      '/v2/auth/audit/sub-key/sub?channel=ch1&uuid=user-1&requestid=5df4d194-1f3e-4fb3-ad0c-cb14bb7ad08b&pnsdk=PubNub-JS-Nodejs%2F10.2.9&timestamp=1795882483&signature=v2.lB8SMQDOFcF3pgtf90gs0J6Y6QTQQUP685voyLbMWO8',
    );
  });

  it('key level without arguments; group and auth keys when given; never the own auth key', () => {
    expect(buildAudit({}, authCtx).query).to.deep.equal({ uuid: 'user-1', pnsdk: 'PubNub-JS-Nodejs/10.2.9' });
    const req = buildAudit({ channelGroup: 'ns:cg', authKeys: ['k1', 'k2'] }, ctx);
    expect(encodeQuery(req.query)).to.match(/^channel-group=ns%3Acg&auth=k1%2Ck2&uuid=user-1/);
  });

  it("takes the seed's comma-separated channels (issue 10); rejects an invalid channel or group", () => {
    expect(buildAudit({ channel: 'a,b' }, ctx).query.channel).to.equal('a,b');
    expect(buildAudit({ channel: ['a', 'b'] }, ctx).query.channel).to.equal('a,b');
    expect(() => buildAudit({ channel: 'a,' }, ctx)).to.throw(PubnubValidationError, /channel/);
    expect(() => buildAudit({ channelGroup: '' }, ctx)).to.throw(PubnubValidationError, /channelGroup/);
  });
});
