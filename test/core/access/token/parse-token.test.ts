import {
  base64UrlDecode,
  base64UrlEncode,
  decodeToken,
  PubnubTokenError,
  PubnubValidationError,
  parseToken,
} from '@pubkit/core/internal';
import { expect } from 'chai';
import { AUTHORIZED_PARSED, AUTHORIZED_TOKEN, READ_ALL_PARSED, READ_ALL_TOKEN } from './vectors.js';

function withoutSignature(parsed: ReturnType<typeof parseToken>): Record<string, unknown> {
  const { signature: _signature, ...rest } = parsed;
  return rest;
}

function problem(token: string): string {
  try {
    parseToken(token);
  } catch (err) {
    expect(err).to.be.instanceOf(PubnubTokenError).and.instanceOf(PubnubValidationError);
    expect((err as PubnubTokenError).field).to.equal('token');
    if (token.length > 8) expect((err as Error).message).to.not.contain(token.slice(0, 40));
    return (err as PubnubTokenError).problem;
  }
  throw new Error('parseToken did not throw');
}

describe('core/access/token: parseToken', () => {
  it("decodes PubNub's published tokens as pubnub@7.3.3 does", () => {
    expect(withoutSignature(parseToken(AUTHORIZED_TOKEN))).to.deep.equal(AUTHORIZED_PARSED);
    expect(withoutSignature(parseToken(READ_ALL_TOKEN))).to.deep.equal(READ_ALL_PARSED);
  });

  it('returns the 32-byte signature and leaves out empty meta', () => {
    const parsed = parseToken(READ_ALL_TOKEN);
    expect(parsed.signature).to.be.instanceOf(Uint8Array).with.lengthOf(32);
    expect(parsed.signature[0]).to.equal(0x8e);
    expect(parsed).to.not.have.property('meta');
    expect(parsed).to.not.have.property('authorizedUuid');
  });

  it('accepts the standard base64 alphabet and padding for the same bytes', () => {
    const standard = AUTHORIZED_TOKEN.replace(/-/g, '+').replace(/_/g, '/');
    expect(parseToken(`${standard}==`.slice(0, standard.length + ((4 - (standard.length % 4)) % 4)))).to.deep.equal(
      parseToken(AUTHORIZED_TOKEN),
    );
  });

  it('malformed base64 is a typed error (problem "base64")', () => {
    expect(problem('not a token!')).to.equal('base64');
    expect(problem(`${AUTHORIZED_TOKEN.slice(0, 9)}`)).to.equal('base64');
  });

  it('truncated CBOR is a typed error (problem "cbor"), at every length', () => {
    const bytes = base64UrlDecode(AUTHORIZED_TOKEN);
    for (let n = 1; n < bytes.length; n++) {
      expect(problem(base64UrlEncode(bytes.subarray(0, n))), `length ${n}`).to.be.oneOf(['cbor', 'shape']);
    }
    expect(problem(base64UrlEncode(bytes.subarray(0, bytes.length - 3)))).to.equal('cbor');
  });

  it('trailing bytes after the CBOR value are refused', () => {
    const bytes = base64UrlDecode(READ_ALL_TOKEN);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(problem(base64UrlEncode(longer))).to.equal('cbor');
  });

  it('CBOR that is not a version-2 token is a shape error', () => {
    expect(problem(base64UrlEncode(Uint8Array.of(0x01)))).to.equal('shape'); // the integer 1
    expect(problem(base64UrlEncode(Uint8Array.of(0xa0)))).to.equal('shape'); // {}
    expect(problem(base64UrlEncode(Uint8Array.of(0xa1, 0x41, 0x76, 0x03)))).to.equal('shape'); // {"v": 3}
    // "t" as text instead of an integer
    const badT = Uint8Array.of(0xa3, 0x41, 0x76, 0x02, 0x41, 0x74, 0x61, 0x78, 0x43, 0x73, 0x69, 0x67, 0x40);
    expect(problem(base64UrlEncode(badT))).to.equal('shape');
  });

  it('an empty, non-string or over-long token is refused before decoding', () => {
    expect(problem('')).to.equal('shape');
    expect(() => decodeToken(42)).to.throw(PubnubTokenError);
    expect(problem('A'.repeat(40_000))).to.equal('too-long');
  });
});
