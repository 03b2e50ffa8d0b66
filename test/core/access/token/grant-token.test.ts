import {
  buildGrantToken,
  buildRevokeToken,
  PubnubAccessDeniedError,
  PubnubMalformedResponseError,
  PubnubServiceError,
  PubnubTokenError,
  PubnubValidationError,
  parseGrantToken,
  parseRevokeToken,
  readGrantTokenBody,
} from '@pubkit/core';
import { expect } from 'chai';
import { ctx, res } from '../../presence/fixtures.js';
import { AUTHORIZED_TOKEN } from './vectors.js';

describe('core/access/token: grant and revoke requests', () => {
  it('builds the POST /v3/pam/{sub}/grant body as pubnub@7.3.3 sends it (bitmasks, all five types)', () => {
    const req = buildGrantToken(
      {
        ttl: 15,
        authorizedUuid: 'alice',
        resources: {
          channels: { 'ch-a': { read: true, write: true }, 'ch b/é': { join: true } },
          groups: { g: { read: true, manage: true } },
          uuids: { bob: { get: true, update: true, delete: true } },
        },
        patterns: { channels: { '^room-.*$': { read: true } } },
        meta: { a: 1, s: 'x' },
      },
      ctx,
    );
    expect(req).to.include({ operation: 'grantToken', method: 'POST', path: '/v3/pam/sub/grant' });
    expect(req.query).to.deep.equal({ uuid: 'user-1', pnsdk: 'PubNub-JS-Nodejs/10.2.9' });
    expect(req.headers).to.deep.equal({ 'Content-Type': 'application/json' });
    // Byte for byte what pubnub@7.3.3 sent for the same call (observed on the wire).
    expect(req.body).to.equal(
      '{"ttl":15,"permissions":{"resources":{"channels":{"ch-a":3,"ch b/é":128},"groups":{"g":5},"uuids":{"bob":104},"users":{},"spaces":{}},"patterns":{"channels":{"^room-.*$":1},"groups":{},"uuids":{},"users":{},"spaces":{}},"meta":{"a":1,"s":"x"},"uuid":"alice"}}',
    );
  });

  it('refuses an unknown permission, a ttl out of range, an invalid pattern, a grant of nothing', () => {
    const one = { channels: { a: { read: true } } };
    expect(() => buildGrantToken({ ttl: 5, resources: { channels: { a: { bogus: true } as never } } }, ctx)).to.throw(
      PubnubValidationError,
      /unknown permission "bogus"/,
    );
    expect(() => buildGrantToken({ ttl: 5, resources: { channels: { a: { read: 1 } as never } } }, ctx)).to.throw(
      /true or false/,
    );
    for (const ttl of [0, -1, 43_201, 1.5, Number.NaN]) {
      expect(() => buildGrantToken({ ttl, resources: one }, ctx), String(ttl)).to.throw(PubnubValidationError, /ttl/);
    }
    expect(buildGrantToken({ ttl: 43_200, resources: one }, ctx).body).to.contain('"ttl":43200');
    expect(() => buildGrantToken({ ttl: 5, patterns: { channels: { '([a-': { read: true } } } }, ctx)).to.throw(
      PubnubValidationError,
      /not a valid regular expression/,
    );
    expect(() => buildGrantToken({ ttl: 5 }, ctx)).to.throw(PubnubValidationError, /at least one resource/);
    expect(() => buildGrantToken({ ttl: 5, resources: { channels: { a: { read: false } } } }, ctx)).to.throw(
      PubnubValidationError,
      /grants no permission/,
    );
    expect(() => buildGrantToken({ ttl: 5, resources: one, meta: { o: {} as never } }, ctx)).to.throw(/meta\.o/);
    expect(() => buildGrantToken({ ttl: 5, resources: one, authorizedUuid: 'x'.repeat(100) }, ctx)).to.throw(
      PubnubValidationError,
    );
  });

  it('reads the server-side body: bits outside the known permissions are refused', () => {
    const body = (bits: unknown) => ({ ttl: 5, permissions: { resources: { channels: { a: bits } } } });
    expect(readGrantTokenBody(body(239)).resources.channels.get('a')).to.equal(239);
    expect(() => readGrantTokenBody(body(256))).to.throw(PubnubValidationError, /bitmask/);
    expect(() => readGrantTokenBody(body('1'))).to.throw(PubnubValidationError, /bitmask/);
    expect(() => readGrantTokenBody({ ttl: 5 })).to.throw(PubnubValidationError, /permissions/);
  });

  it('parses the grant answer; errors are typed', () => {
    const ok = '{"data":{"message":"Success","token":"p0F2Ak"},"service":"Access Manager","status":200}';
    expect(parseGrantToken(res(ok))).to.equal('p0F2Ak');
    expect(() => parseGrantToken(res('{"data":{"message":"Success"},"status":200}'))).to.throw(
      PubnubMalformedResponseError,
    );
    const bad =
      '{"error":{"message":"Invalid ttl","source":"grant","details":[{"message":"ttl out of range","location":"ttl","locationType":"body"}]},"service":"Access Manager","status":400}';
    expect(() => parseGrantToken(res(bad, 400))).to.throw(PubnubServiceError, /Invalid ttl/);
    expect(() => parseGrantToken(res('{"message":"Forbidden","error":true,"status":403}', 403))).to.throw(
      PubnubAccessDeniedError,
    );
  });

  it('builds DELETE /v3/pam/{sub}/grant/{token}; a string that is not a token is refused before sending', () => {
    const req = buildRevokeToken(AUTHORIZED_TOKEN, ctx);
    expect(req).to.include({
      operation: 'revokeToken',
      method: 'DELETE',
      path: `/v3/pam/sub/grant/${AUTHORIZED_TOKEN}`,
    });
    expect(req.body).to.equal(undefined);
    expect(() => buildRevokeToken('nope!', ctx)).to.throw(PubnubTokenError);
    expect(
      parseRevokeToken(res('{"data":{"message":"Success"},"service":"Access Manager","status":200}')),
    ).to.deep.equal({ status: 200, data: { message: 'Success' } });
  });
});
