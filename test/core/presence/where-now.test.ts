import { buildWhereNow, PubnubMalformedResponseError, PubnubValidationError, parseWhereNow } from '@pubkit/core';
import { expect } from 'chai';
import { ctx, expectTrace, res } from './fixtures.js';

describe('core/presence: where_now', () => {
  it('matches the captured whereNow trace for the own uuid (docs/protocol.md §9.1)', () => {
    const req = buildWhereNow({}, ctx);
    expect(req.operation).to.equal('whereNow');
    expectTrace(req, '/v2/presence/sub-key/sub/uuid/user-1?…');
  });

  it('looks up another uuid, encoded', () => {
    expect(buildWhereNow({ uuid: 'a b/c' }, ctx).path).to.equal('/v2/presence/sub-key/sub/uuid/a%20b%2Fc');
  });

  it('rejects an empty uuid', () => {
    expect(() => buildWhereNow({ uuid: '' }, ctx)).to.throw(PubnubValidationError, /uuid/);
  });

  it('parses the recorded body (docs/protocol.md §2.7)', () => {
    const body =
      '{"status": 200, "message": "OK", "payload": {"channels": ["where-now-tornado-ch"]}, "service": "Presence"}';
    expect(parseWhereNow(res(body))).to.deep.equal({ channels: ['where-now-tornado-ch'] });
  });

  it('answers [] for the empty list the service sends when the uuid is nowhere', () => {
    expect(parseWhereNow(res('{"status": 200, "message": "OK", "payload": {"channels": []}}'))).to.deep.equal({
      channels: [],
    });
  });

  it('a body without payload.channels is malformed, not "nowhere" (issue 9 item 12)', () => {
    for (const body of ['{}', '{"status": 200, "message": "OK", "service": "Presence"}', '{"payload": {}}', '[]']) {
      expect(() => parseWhereNow(res(body)), body).to.throw(PubnubMalformedResponseError);
    }
  });

  it('rejects channels that are not a list of strings', () => {
    expect(() => parseWhereNow(res('{"status": 200, "payload": {"channels": [1]}}'))).to.throw(/payload.channels/);
  });
});
