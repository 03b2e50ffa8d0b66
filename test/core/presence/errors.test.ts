/** Every presence parser classifies the recorded error bodies (docs/protocol.md §4.4, §5) the same way. */
import {
  type PnResponse,
  PubnubAccessDeniedError,
  PubnubMalformedResponseError,
  PubnubServiceError,
  parseGetState,
  parseHeartbeat,
  parseHereNow,
  parseLeave,
  parseSetState,
  parseWhereNow,
} from '@pubkit/core';
import { expect } from 'chai';
import { thrown } from '../operations/helpers.js';
import { ERRORS } from './fixtures.js';

const PARSERS: Record<string, (res: PnResponse) => unknown> = {
  parseHereNow: (r) => parseHereNow(r),
  parseWhereNow,
  parseGetState: (r) => parseGetState(r),
  parseSetState: (r) => parseSetState(r),
  parseHeartbeat,
  parseLeave,
};

describe('core/presence: error bodies', () => {
  for (const [name, parse] of Object.entries(PARSERS)) {
    describe(name, () => {
      it('403 Forbidden → PubnubAccessDeniedError with channels and upstream status', () => {
        const err = thrown(() => parse(ERRORS.forbidden));
        expect(err).to.be.instanceOf(PubnubAccessDeniedError);
        expect(err).to.have.deep.property('channels', ['not_permitted_channel']);
        expect(err).to.have.nested.property('upstream.status', 403);
        expect(err).to.not.have.property('status');
      });

      it('400 Invalid Timestamp → PubnubServiceError', () => {
        const err = thrown(() => parse(ERRORS.invalidTimestamp));
        expect(err).to.be.instanceOf(PubnubServiceError).and.not.instanceOf(PubnubAccessDeniedError);
        expect((err as Error).message).to.contain('Invalid Timestamp');
      });

      it('402 sent with HTTP 200 → PubnubServiceError (quirk 8)', () => {
        const err = thrown(() => parse(ERRORS.notEnabledOn200));
        expect(err).to.be.instanceOf(PubnubServiceError);
        expect((err as Error).message).to.contain('not turned on');
      });

      it('503 → PubnubServiceError', () => {
        expect(thrown(() => parse(ERRORS.unavailable))).to.be.instanceOf(PubnubServiceError);
      });

      it('truncated JSON and an HTML page → PubnubMalformedResponseError', () => {
        expect(thrown(() => parse(ERRORS.truncated))).to.be.instanceOf(PubnubMalformedResponseError);
        const html = thrown(() => parse(ERRORS.html));
        expect(html).to.be.instanceOf(PubnubMalformedResponseError);
        expect((html as Error).message).to.contain('HTML');
      });
    });
  }
});
