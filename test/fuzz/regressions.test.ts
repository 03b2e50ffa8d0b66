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
      // An id that is a string but not text reaches the encoder unvalidated (buildRemoveMetadata checks only that it
      // is a string): the encoder types it.
      expect(() => core.buildRemoveMetadata(CTX, 'channels', 'removeChannelMetadata', `x${LONE}`)).to.throw(
        core.PubnubValidationError,
        /lone surrogate/,
      );
      // A paired surrogate (one astral character) is text and still encodes.
      expect(core.encodeComponent('😀')).to.equal('%F0%9F%98%80');
      expect(core.validateChannel('😀')).to.equal('😀');
    });
  });

  it('frameUploadForm (was buildUploadForm): a non-array `fields` or a malformed entry was a TypeError; now typed', () => {
    const base = { fileName: 'a.txt', boundary: 'b0' };
    for (const fields of [{}, null, undefined, 'k=v', 1]) {
      expect(
        () => core.frameUploadForm({ ...base, fields } as unknown as core.UploadFormParams),
        String(fields),
      ).to.throw(core.PubnubValidationError, /field/);
    }
    for (const field of [null, 1, { key: 'k' }, { key: 1, value: 'v' }]) {
      expect(() => core.frameUploadForm({ ...base, fields: [field] } as unknown as core.UploadFormParams)).to.throw(
        core.PubnubValidationError,
        /field/,
      );
    }
    expect(() => core.frameUploadForm({ fields: [], boundary: 'b0' } as unknown as core.UploadFormParams)).to.throw(
      core.PubnubValidationError,
      /name/,
    );
    expect(core.frameUploadForm({ ...base, fields: [{ key: 'k', value: 'v' }] }).contentType).to.match(/boundary=b0$/);
  });

  it('the App Context builders spelled a non-string id (NaN) into the path; now a PubnubValidationError', () => {
    expect(() =>
      core.buildGetMetadata(CTX, 'channels', 'getChannelMetadata', Number.NaN as unknown as string, undefined),
    ).to.throw(core.PubnubValidationError, /id must be a string/);
    expect(() => core.buildRemoveMetadata(CTX, 'uuids', 'removeUUIDMetadata', 7 as unknown as string)).to.throw(
      core.PubnubValidationError,
    );
    expect(core.buildRemoveMetadata(CTX, 'uuids', 'removeUUIDMetadata', 'u 1').path).to.match(/\/uuids\/u%201$/);
  });
});
