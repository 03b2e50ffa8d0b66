/**
 * `createCipher` with host codecs (`Env.codecs`): the same vectors C1–C27 give the same results as with the core's
 * pure-JS codecs, and a lenient host base64 decoder (Buffer's, the one `nodeEnv()` supplies) does not weaken
 * strictness: every non-canonical input is a `PubnubCryptoError` either way (docs/architecture.md §4, docs/protocol.md §7).
 */
import { type Codecs, createCipher, PubnubCryptoError } from '@pubkit/core/internal';
import { expect } from 'chai';
import { fixedEnv } from '../support/fixed-env.js';
import { cipherVectors } from '../support/vectors.js';

/** Buffer-based codecs, as lenient as Node's (the core must not rely on the host for strictness). */
function bufferCodecs(calls = { encode: 0, decode: 0, utf8: 0 }): Codecs & { calls: typeof calls } {
  return {
    calls,
    base64Encode(bytes) {
      calls.encode++;
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    },
    base64Decode(text) {
      calls.decode++;
      return Buffer.from(text, 'base64');
    },
    utf8Encode(text) {
      calls.utf8++;
      return Buffer.from(text, 'utf8');
    },
  };
}

describe('createCipher with host codecs', () => {
  for (const row of cipherVectors) {
    it(`${row.id} ${row.mode}: decrypts to the exact plaintext${row.encryptExact && row.mode === 'static' ? ' and encrypts exactly' : ''}`, () => {
      const env = { ...fixedEnv(), codecs: bufferCodecs() };
      const cipher = createCipher({ cipherKey: row.cipherKey, useRandomIVs: row.mode === 'random' }, env);
      expect(cipher.decrypt(row.ciphertext)).to.equal(row.plaintext);
      if (row.encryptExact && row.mode === 'static') expect(cipher.encrypt(row.plaintext)).to.equal(row.ciphertext);
    });
  }

  it('C21: random-IV encryption is exact with codecs and a fixed random source', () => {
    const rows = cipherVectors.filter((row) => row.id.startsWith('C21'));
    const base = fixedEnv({ randomBytes: rows.map(() => Buffer.from('knightsofni12345')) });
    const cipher = createCipher({ cipherKey: 'testKey', useRandomIVs: true }, { ...base, codecs: bufferCodecs() });
    for (const row of rows) expect(cipher.encrypt(row.plaintext), row.id).to.equal(row.ciphertext);
  });

  it('uses the host codecs when given (encrypt: utf8 + base64; decrypt: base64 and the round-trip check)', () => {
    const codecs = bufferCodecs();
    const cipher = createCipher({ cipherKey: 'k' }, { ...fixedEnv(), codecs });
    const ciphertext = cipher.encrypt('{"a":1}');
    expect(codecs.calls).to.deep.equal({ encode: 1, decode: 0, utf8: 1 });
    expect(cipher.decrypt(ciphertext)).to.equal('{"a":1}');
    expect(codecs.calls).to.deep.equal({ encode: 2, decode: 1, utf8: 1 });
  });

  describe('strictness does not depend on the host decoder', () => {
    const KEY = 'myCipherKey';
    const good = createCipher({ cipherKey: KEY }, fixedEnv()).encrypt('"a message of 30 bytes or so"');
    const variants: Array<[string, string]> = [
      ['a trailing newline', `${good}\n`],
      ['an inner space', `${good.slice(0, 8)} ${good.slice(8)}`],
      ['padding removed', good.replace(/=+$/, '')],
      ['the url-safe alphabet', good.replace(/\+/g, '-').replace(/\//g, '_')],
      ['a foreign character', `${good.slice(0, 4)}$${good.slice(5)}`],
      ['a non-ASCII character', `${good.slice(0, 4)}é${good.slice(5)}`],
      ['non-zero padding bits', 'Zh=='],
      ['padding in the middle', `${good.slice(0, 2)}==${good.slice(4)}`],
      ['three padding characters', 'Z==='],
      ['a bad length', 'abc'],
    ];
    it('the sample exercises padding and the alphabet differences', () => {
      expect(good).to.match(/[^=]=$/);
      expect(good).to.match(/[+/]/);
    });
    for (const [why, input] of variants) {
      it(`rejects ${why} with and without codecs, never echoing the input`, () => {
        for (const codecs of [undefined, bufferCodecs()]) {
          const cipher = createCipher({ cipherKey: KEY }, { ...fixedEnv(), codecs });
          let caught: unknown;
          try {
            cipher.decrypt(input);
          } catch (err) {
            caught = err;
          }
          expect(caught, `${why}, codecs: ${codecs !== undefined}`).to.be.instanceOf(PubnubCryptoError);
          expect((caught as Error).message).to.match(/^decryption failed: ciphertext is not valid base64/);
          expect((caught as Error).message).not.to.contain(input.slice(0, 8));
        }
      });
    }
  });
});
