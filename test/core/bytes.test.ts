/**
 * The hand-written byte helpers of `core/src/bytes.ts`, checked against RFC 4648 vectors and against Node's
 * `Buffer` over many lengths, plus the strictness rules (docs/architecture.md §3: no Buffer in core).
 */
import {
  base64Decode,
  base64Encode,
  base64UrlDecode,
  base64UrlEncode,
  concatBytes,
  hexDecode,
  hexEncode,
  PubnubValidationError,
  timingSafeEqual,
  utf8Decode,
  utf8Encode,
} from '@pubkit/core/internal';
import { expect } from 'chai';

/** Deterministic bytes of length n. */
function pattern(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe('bytes', () => {
  describe('utf8', () => {
    it('round-trips ASCII, BMP and astral text', () => {
      for (const text of ['', 'hello', '漢語 ÜÖ', '😀 a\u0000b']) {
        expect(utf8Decode(utf8Encode(text))).to.equal(text);
        expect(utf8Encode(text)).to.deep.equal(new Uint8Array(Buffer.from(text, 'utf8')));
      }
    });

    it('rejects invalid UTF-8 (stray byte, overlong, encoded surrogate, truncated) naming the field', () => {
      for (const bad of [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe6, 0xbc]]) {
        expect(() => utf8Decode(Uint8Array.from(bad), 'plaintext'))
          .to.throw(PubnubValidationError, 'plaintext is not valid UTF-8')
          .with.property('field', 'plaintext');
      }
    });
  });

  describe('base64', () => {
    const rfc4648: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];

    for (const [plain, encoded] of rfc4648) {
      it(`RFC 4648 "${plain}" <-> "${encoded}"`, () => {
        expect(base64Encode(utf8Encode(plain))).to.equal(encoded);
        expect(utf8Decode(base64Decode(encoded))).to.equal(plain);
      });
    }

    it('matches Buffer for every length 0..100 in both alphabets, and round-trips', () => {
      for (let n = 0; n <= 100; n++) {
        const bytes = pattern(n, n + 1);
        const buffer = Buffer.from(bytes);
        expect(base64Encode(bytes), `n=${n}`).to.equal(buffer.toString('base64'));
        expect(base64UrlEncode(bytes), `n=${n}`).to.equal(buffer.toString('base64url'));
        expect(base64Decode(base64Encode(bytes))).to.deep.equal(bytes);
        expect(base64UrlDecode(base64UrlEncode(bytes))).to.deep.equal(bytes);
        expect(base64UrlDecode(base64UrlEncode(bytes, true))).to.deep.equal(bytes);
      }
    });

    it('covers all 64 characters of each alphabet', () => {
      const standard = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      const urlSafe = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const bytes = base64Decode(standard);
      expect(bytes).to.deep.equal(new Uint8Array(Buffer.from(standard, 'base64')));
      expect(base64Encode(bytes)).to.equal(standard);
      expect(base64UrlEncode(bytes)).to.equal(urlSafe);
      expect(base64UrlDecode(urlSafe)).to.deep.equal(bytes);
    });

    const badStandard: Array<[string, string, RegExp]> = [
      ['abc', 'length not a multiple of 4', /bad length/],
      ['Zg', 'missing padding', /bad length/],
      ['ab$d', 'a foreign character', /unexpected character/],
      ['Zm9v\n', 'whitespace', /bad length|unexpected character/],
      ['Zm 9', 'an inner space', /unexpected character/],
      ['Zm=v', 'padding in the middle', /unexpected character/],
      ['Z===', 'three padding characters', /unexpected character/],
      ['Zh==', 'non-zero padding bits', /padding bits/],
      ['Zm9-', 'a url-safe character', /unexpected character/],
      ['Zm9é', 'a non-ASCII character', /unexpected character/],
    ];
    for (const [input, why, pattern_] of badStandard) {
      it(`base64Decode rejects ${why} (${JSON.stringify(input)})`, () => {
        expect(() => base64Decode(input, 'ciphertext'))
          .to.throw(PubnubValidationError, pattern_)
          .with.property('field', 'ciphertext');
      });
    }

    it('the error message never echoes the input', () => {
      try {
        base64Decode('secret$value');
        expect.fail('should throw');
      } catch (err) {
        expect((err as Error).message).not.to.contain('secret');
      }
    });

    it('base64UrlDecode accepts padded and unpadded input but rejects wrong padding and the standard alphabet', () => {
      expect(base64UrlDecode('Zg')).to.deep.equal(utf8Encode('f'));
      expect(base64UrlDecode('Zg==')).to.deep.equal(utf8Encode('f'));
      expect(() => base64UrlDecode('Zg=')).to.throw(PubnubValidationError, /bad padding/);
      expect(() => base64UrlDecode('Z')).to.throw(PubnubValidationError, /bad length/);
      expect(() => base64UrlDecode('ab+/')).to.throw(PubnubValidationError, /unexpected character/);
      expect(() => base64UrlDecode('Zh')).to.throw(PubnubValidationError, /padding bits/);
    });

    it('base64UrlEncode pads only when asked (v1 keeps =, v2 drops it, docs/protocol.md §6)', () => {
      expect(base64UrlEncode(utf8Encode('f'))).to.equal('Zg');
      expect(base64UrlEncode(utf8Encode('f'), true)).to.equal('Zg==');
      expect(base64UrlEncode(Uint8Array.of(0xfb, 0xff), true)).to.equal('-_8=');
    });
  });

  describe('hex', () => {
    it('encodes lower-case and decodes either case', () => {
      expect(hexEncode(Uint8Array.of(0, 1, 0xab, 0xff))).to.equal('0001abff');
      expect(hexDecode('0001ABff')).to.deep.equal(Uint8Array.of(0, 1, 0xab, 0xff));
      const bytes = pattern(64);
      expect(hexEncode(bytes)).to.equal(Buffer.from(bytes).toString('hex'));
      expect(hexDecode(hexEncode(bytes))).to.deep.equal(bytes);
      expect(hexDecode('')).to.deep.equal(new Uint8Array(0));
    });

    it('rejects odd length and non-hex characters', () => {
      expect(() => hexDecode('abc')).to.throw(PubnubValidationError, /not valid hex/);
      expect(() => hexDecode('zz')).to.throw(PubnubValidationError, /not valid hex/);
      expect(() => hexDecode('0x00')).to.throw(PubnubValidationError, /not valid hex/);
    });
  });

  describe('concatBytes', () => {
    it('joins in order', () => {
      expect(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))).to.deep.equal(
        Uint8Array.of(1, 2, 3),
      );
      expect(concatBytes()).to.deep.equal(new Uint8Array(0));
    });
  });

  describe('timingSafeEqual', () => {
    it('compares strings and byte arrays by value', () => {
      expect(timingSafeEqual('', '')).to.equal(true);
      expect(timingSafeEqual('abc', 'abc')).to.equal(true);
      expect(timingSafeEqual('abc', 'abd')).to.equal(false);
      expect(timingSafeEqual('abc', 'ab')).to.equal(false);
      expect(timingSafeEqual('ab', 'abc')).to.equal(false);
      expect(timingSafeEqual('', 'a')).to.equal(false);
      expect(timingSafeEqual('é', 'e\u0301')).to.equal(false);
      expect(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).to.equal(true);
      expect(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).to.equal(false);
      expect(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1))).to.equal(false);
    });

    it('never compares a string with bytes as equal', () => {
      expect(timingSafeEqual('a', utf8Encode('a'))).to.equal(false);
      expect(timingSafeEqual(new Uint8Array(0), '')).to.equal(false);
    });

    it('does not exit early: every position of the longer input is read even when the first differs', () => {
      const reads = new Set<number>();
      const watched = (bytes: Uint8Array) =>
        new Proxy(bytes, {
          get(target, prop) {
            if (typeof prop === 'string' && /^\d+$/.test(prop)) reads.add(Number(prop));
            const value = Reflect.get(target, prop, target);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      expect(timingSafeEqual(watched(Uint8Array.of(9, 2, 3, 4)), watched(Uint8Array.of(1, 2, 3, 4, 5, 6)))).to.equal(
        false,
      );
      expect([...reads].sort()).to.deep.equal([0, 1, 2, 3, 4, 5]);
    });
  });
});
