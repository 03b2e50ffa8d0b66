/**
 * Bugs the fuzz tests found (docs/testing.md §3), each pinned by the smallest input that showed it.
 */
import * as core from '@pubkit/core/internal';
import { expect } from 'chai';

const CTX: core.RequestContext = {
  publishKey: 'pub-c-fuzz',
  subscribeKey: 'sub-c-fuzz',
  uuid: 'fuzzer',
  pnsdk: 'PubKit-Fuzz/1.0',
  requestTimeoutMs: 10_000,
  subscribeTimeoutMs: 310_000,
};
const LONE = '\uD800';

describe('fuzz regressions', () => {
  describe('a lone surrogate (no UTF-8 form) was a URIError from encodeURIComponent; now a PubnubValidationError', () => {
    it('in a channel name (buildGetMessageActions, buildHereNow, buildPublish, buildSubscribe)', () => {
      expect(() => core.buildGetMessageActions({ channel: LONE }, CTX)).to.throw(
        core.PubnubValidationError,
        /lone surrogate/,
      );
      expect(() => core.buildHereNow({ channels: [LONE] }, CTX)).to.throw(core.PubnubValidationError, /lone surrogate/);
      expect(() => core.buildPublish({ channel: `a${LONE}b`, message: 1 }, CTX)).to.throw(core.PubnubValidationError);
      expect(() => core.buildSubscribe({ channels: [LONE] }, CTX)).to.throw(core.PubnubValidationError);
    });

    it('in a channel-group name (buildGrant)', () => {
      expect(() => core.buildGrant({ channelGroups: [LONE], read: true } as core.GrantParams, CTX)).to.throw(
        core.PubnubValidationError,
      );
    });

    it('in any other encoded value (encodeComponent, encodeQuery)', () => {
      expect(() => core.encodeComponent(LONE)).to.throw(core.PubnubValidationError, /lone surrogate/);
      expect(() => core.encodeQuery({ auth: `x${LONE}` })).to.throw(core.PubnubValidationError);
      // A value a caller forgot to validate (buildRemoveMetadata takes its id as given): typed too.
      expect(() =>
        core.buildRemoveMetadata(CTX, 'channels', 'removeChannelMetadata', {
          toString: undefined,
        } as unknown as string),
      ).to.throw(core.PubnubValidationError, /not text/);
      // A paired surrogate (one astral character) is text and still encodes.
      expect(core.encodeComponent('😀')).to.equal('%F0%9F%98%80');
      expect(core.validateChannel('😀')).to.equal('😀');
    });
  });
});
