/** `resolveResponseLimits` (issue 9 item 5): defaults by operation, one number for all, per-operation overrides. */
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  MAX_RESPONSE_BYTES,
  PubnubValidationError,
  resolveResponseLimits,
} from '@pubkit/core';
import { expect } from 'chai';

describe('core: response limits', () => {
  it('defaults: 1 MiB acknowledgements, 8 MiB subscribe and history, 16 MiB for lists and unknown operations', () => {
    const limit = resolveResponseLimits(undefined);
    expect(limit('publish')).to.equal(1024 * 1024);
    expect(limit('subscribe')).to.equal(8 * 1024 * 1024);
    expect(limit('history')).to.equal(MAX_RESPONSE_BYTES.history);
    expect(limit('hereNow')).to.equal(16 * 1024 * 1024);
    expect(limit('somethingNew' as never)).to.equal(DEFAULT_MAX_RESPONSE_BYTES);
  });

  it('a number applies to every operation; an object overrides only what it names', () => {
    expect(resolveResponseLimits(1000)('subscribe')).to.equal(1000);
    const limit = resolveResponseLimits({ subscribe: 2048 });
    expect(limit('subscribe')).to.equal(2048);
    expect(limit('publish')).to.equal(MAX_RESPONSE_BYTES.publish);
  });

  it('refuses anything but whole positive byte counts', () => {
    for (const bad of [0, -5, 0.5, Number.NaN, 2 ** 31, '10', null, [], { publish: -1 }, { time: '1' }]) {
      expect(() => resolveResponseLimits(bad), String(bad)).to.throw(PubnubValidationError, /maxResponseBytes/);
    }
  });
});
