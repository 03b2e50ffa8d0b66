/** `/time/0` (docs/protocol.md §2.1, §9.1). */
import { buildTime, PubnubMalformedResponseError, parseTime } from '@pubkit/core';
import { expect } from 'chai';
import { authCtx, ctx, res, thrown, wire } from './helpers.js';

describe('operations/time', () => {
  describe('buildTime', () => {
    it('builds GET /time/0 with uuid and pnsdk, as the JS trace (docs/protocol.md §9.1)', () => {
      const req = buildTime(ctx);
      expect(req.method).to.equal('GET');
      expect(req.operation).to.equal('time');
      expect(req.path).to.equal('/time/0');
      expect(wire(req)).to.equal('/time/0?uuid=user-1&pnsdk=PubKit-Node%2F0.1.0');
      expect(req.timeoutMs).to.equal(ctx.requestTimeoutMs);
      expect(req.body).to.equal(undefined);
    });

    it('never sends auth to /time (docs/protocol.md §1.3)', () => {
      expect(buildTime(authCtx).query).to.not.have.property('auth');
    });
  });

  describe('parseTime', () => {
    it('reads the real bare-number body exactly (> 2^53)', () => {
      expect(parseTime(res('[14818963707386265]'))).to.equal('14818963707386265');
    });

    it('reads the string form of the JS fixtures', () => {
      expect(parseTime(res('["14570763868573725"]'))).to.equal('14570763868573725');
    });

    it('keeps two tokens that differ only in the last digit distinct', () => {
      expect(parseTime(res('[14818963707386265]'))).to.not.equal(parseTime(res('[14818963707386266]')));
      expect(parseTime(res('[14818963707386266]'))).to.equal('14818963707386266');
    });

    it('refuses a body that is not [timetoken]', () => {
      // `[1,"Sent","…"]` is a publish acknowledgement, not a time answer (issue 9 item 12): it resolved "1" before.
      const publishAck = '[1,"Sent","14818963707386265"]';
      for (const body of ['{}', '[]', '["abc"]', '[null]', '"14818963707386265"', publishAck, '[1,2]']) {
        expect(thrown(() => parseTime(res(body)))).to.be.instanceOf(PubnubMalformedResponseError);
      }
    });
  });
});
