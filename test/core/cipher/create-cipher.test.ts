/**
 * `createCipher` beyond the vectors: routing (PNED -> ACRH, everything else -> the configured legacy mode),
 * random-IV round trips from the injected random source, and failures that are `PubnubCryptoError`s whose
 * messages carry neither the key nor the plaintext (docs/architecture.md §4, docs/protocol.md §7).
 */
import {
  base64Encode,
  type CryptoPrimitives,
  createCipher,
  decodeMessage,
  deriveAcrhKey,
  encodeMessage,
  encodePnedHeader,
  encryptAcrh,
  PubnubCryptoError,
  PubnubValidationError,
  utf8Encode,
} from '@pubkit/core/internal';
import { expect } from 'chai';
import { fixedEnv, nodeCrypto } from '../support/fixed-env.js';

const KEY = 'myCipherKey';
const SECRET_TEXT = 'top secret plaintext';

function expectCryptoError(fn: () => unknown, pattern: RegExp): PubnubCryptoError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).to.be.instanceOf(PubnubCryptoError);
  const err = caught as PubnubCryptoError;
  expect(err.code).to.equal('PN_CRYPTO');
  expect(err.message).to.match(pattern);
  expect(err.message).not.to.contain(KEY);
  expect(err.message).not.to.contain(SECRET_TEXT);
  return err;
}

describe('createCipher', () => {
  it('defaults to the static IV: the same message gives the same ciphertext (C16)', () => {
    const cipher = createCipher({ cipherKey: KEY }, fixedEnv());
    expect(cipher.encrypt('{"such":"object"}')).to.equal('toDEeIZkmIyoiLpSojGu7n3+2t1rn7/DsrEZ1r8JKR4=');
    expect(cipher.encrypt('{"such":"object"}')).to.equal('toDEeIZkmIyoiLpSojGu7n3+2t1rn7/DsrEZ1r8JKR4=');
  });

  it('with useRandomIVs draws 16 bytes per message from env.random and round-trips', () => {
    const env = fixedEnv({ seed: 7 });
    const cipher = createCipher({ cipherKey: KEY, useRandomIVs: true }, env);
    const a = cipher.encrypt('"hello"');
    const b = cipher.encrypt('"hello"');
    expect(a).not.to.equal(b);
    expect(cipher.decrypt(a)).to.equal('"hello"');
    expect(cipher.decrypt(b)).to.equal('"hello"');
  });

  it('routes PNED input to ACRH whatever the legacy mode', () => {
    const acrh = base64Encode(
      encryptAcrh(deriveAcrhKey(KEY, nodeCrypto), utf8Encode('"routed"'), new Uint8Array(16).fill(7), nodeCrypto),
    );
    for (const useRandomIVs of [false, true]) {
      expect(createCipher({ cipherKey: KEY, useRandomIVs }, fixedEnv()).decrypt(acrh)).to.equal('"routed"');
    }
  });

  it('works with encodeMessage/decodeMessage: the wire value is a JSON string of the ciphertext', () => {
    const cipher = createCipher({ cipherKey: KEY }, fixedEnv());
    const wire = encodeMessage({ such: 'object' }, cipher);
    expect(wire).to.equal('"toDEeIZkmIyoiLpSojGu7n3+2t1rn7/DsrEZ1r8JKR4="');
    expect(decodeMessage(JSON.parse(wire), cipher)).to.deep.equal({ message: { such: 'object' } });
  });

  it('rejects an empty cipher key with PubnubValidationError naming cipherKey', () => {
    expect(() => createCipher({ cipherKey: '' }, fixedEnv()))
      .to.throw(PubnubValidationError)
      .with.property('field', 'cipherKey');
  });

  describe('decrypt failures are PubnubCryptoError without key or plaintext', () => {
    const cipher = createCipher({ cipherKey: KEY }, fixedEnv());
    const ciphertext = cipher.encrypt(JSON.stringify(SECRET_TEXT));

    it('bad base64', () => {
      expectCryptoError(() => cipher.decrypt('not base64!'), /not valid base64/);
      expectCryptoError(() => cipher.decrypt('abc'), /not valid base64/);
    });

    it('not a whole number of AES blocks', () => {
      expectCryptoError(() => cipher.decrypt(base64Encode(new Uint8Array(15))), /multiple of 16/);
      expectCryptoError(() => cipher.decrypt(''), /multiple of 16/);
    });

    it('wrong key (bad padding)', () => {
      const other = createCipher({ cipherKey: 'anotherKey' }, fixedEnv());
      const err = expectCryptoError(() => other.decrypt(ciphertext), /padding|UTF-8/);
      expect(String(err.cause ?? '')).not.to.contain(SECRET_TEXT);
    });

    it('wrong key whose padding happens to check out but whose bytes are not UTF-8', () => {
      const garbage: CryptoPrimitives = { ...nodeCrypto, aesCbcDecrypt: () => Uint8Array.of(0xff, 0xfe, 0x80) };
      const env = { ...fixedEnv(), crypto: garbage };
      expectCryptoError(() => createCipher({ cipherKey: KEY }, env).decrypt(ciphertext), /not UTF-8/);
    });

    it('random-IV input too short to carry an IV', () => {
      const random = createCipher({ cipherKey: KEY, useRandomIVs: true }, fixedEnv());
      expectCryptoError(() => random.decrypt(base64Encode(new Uint8Array(16))), /too short/);
    });

    it('unknown cryptor in a PNED header', () => {
      const data = Uint8Array.from([...encodePnedHeader('XXXX', new Uint8Array(16)), ...new Uint8Array(16)]);
      expectCryptoError(() => cipher.decrypt(base64Encode(data)), /unknown cryptor "XXXX"/);
    });

    it('ACRH header whose IV is not 16 bytes', () => {
      const data = Uint8Array.from([...encodePnedHeader('ACRH', new Uint8Array(8)), ...new Uint8Array(16)]);
      expectCryptoError(() => cipher.decrypt(base64Encode(data)), /16-byte IV/);
    });

    it('a non-string input', () => {
      expectCryptoError(() => cipher.decrypt(42 as unknown as string), /not a string/);
    });
  });
});
