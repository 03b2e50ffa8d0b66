/**
 * Tokens pubnub@7.3.3 parses parse the same in pubkit: PubNub's published tokens, and every token that a
 * truncation or a flipped byte leaves readable to either side (pubkit refuses with a typed error where the SDK
 * returns undefined or throws a TypeError).
 */
import {
  base64UrlDecode,
  base64UrlEncode,
  type ParsedToken,
  PubnubTokenError,
  parseToken,
} from '@pubkit/core/internal';
import { expect } from 'chai';
import { AUTHORIZED_TOKEN, READ_ALL_TOKEN } from '../core/access/token/vectors.js';
import { pubnub7 } from './pubnub7.js';

/** pubkit's parse in the SDK's shape (`authorized_uuid`, a Buffer signature), or the error class name. */
function ours(token: string): unknown {
  let parsed: ParsedToken;
  try {
    parsed = parseToken(token);
  } catch (err) {
    expect(err).to.be.instanceOf(PubnubTokenError);
    return 'refused';
  }
  const { authorizedUuid, signature, ...rest } = parsed;
  return {
    ...rest,
    ...(authorizedUuid === undefined ? {} : { authorized_uuid: authorizedUuid }),
    signature: [...signature],
  };
}

describe('compat: parseToken, pubnub@7.3.3 and pubkit', () => {
  const sdk = pubnub7({ url: 'http://127.0.0.1:1', subscribeKey: 'sub', uuid: 'u' });
  after(() => sdk.stop());
  const theirs = (token: string): unknown => {
    try {
      const parsed = sdk.parseToken(token);
      if (parsed === undefined) return 'refused';
      const { signature, ...rest } = parsed as { signature: Buffer };
      // JSON drops the SDK's `authorized_uuid: undefined` on tokens bound to no uuid.
      return JSON.parse(JSON.stringify({ ...rest, signature: [...signature] }));
    } catch {
      return 'refused';
    }
  };

  it("PubNub's published tokens decode identically", () => {
    for (const token of [AUTHORIZED_TOKEN, READ_ALL_TOKEN]) expect(ours(token)).to.deep.equal(theirs(token));
  });

  it('what the SDK still decodes after a cut or a flipped byte, pubkit decodes the same or refuses with a typed error', () => {
    const bytes = base64UrlDecode(AUTHORIZED_TOKEN);
    let same = 0;
    for (let i = 1; i < bytes.length; i++) {
      const cut = base64UrlEncode(bytes.subarray(0, i));
      const flipped = bytes.slice();
      flipped[i] = flipped[i]! ^ 0x04;
      for (const token of [cut, base64UrlEncode(flipped)]) {
        const a = ours(token);
        const b = theirs(token);
        if (a !== 'refused' && b !== 'refused') {
          expect(a, token).to.deep.equal(b);
          same++;
        }
      }
    }
    expect(same).to.be.greaterThan(10);
  });
});
