/**
 * `nodeEnv()` (docs/architecture.md §3): its `Buffer` codecs agree with the core's pure-JS ones byte for byte, and a client
 * built on it encrypts exactly like one without codecs and still rejects non-canonical ciphertext.
 */
import { base64Encode, createCipher, PubnubCryptoError, utf8Encode } from '@pubkit/core';
import { nodeEnv } from '@pubkit/node';
import { expect } from 'chai';

describe('nodeEnv', () => {
  const { codecs } = nodeEnv();

  it('supplies Buffer codecs that agree with the core for every length 0..100 and for any text', () => {
    expect(codecs).not.to.equal(undefined);
    if (codecs === undefined) return;
    for (let n = 0; n <= 100; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n) & 0xff);
      // A view into a larger buffer: the codec must honour byteOffset/byteLength.
      const view = new Uint8Array(n + 7).subarray(3, 3 + n);
      view.set(bytes);
      expect(codecs.base64Encode(view), `n=${n}`).to.equal(base64Encode(bytes));
      expect(new Uint8Array(codecs.base64Decode(base64Encode(bytes)))).to.deep.equal(bytes);
    }
    for (const text of ['', 'hello', '漢語 ÜÖ', '😀 a\u0000b', 'lone \ud800 surrogate']) {
      expect(new Uint8Array(codecs.utf8Encode(text))).to.deep.equal(utf8Encode(text));
    }
  });

  it('a cipher over nodeEnv() matches one without codecs and stays strict', () => {
    const env = nodeEnv();
    const fast = createCipher({ cipherKey: 'k' }, env);
    const plain = createCipher({ cipherKey: 'k' }, { ...env, codecs: undefined });
    const message = JSON.stringify({ text: 'é'.repeat(100), n: 1 });
    const ciphertext = fast.encrypt(message);
    expect(ciphertext).to.equal(plain.encrypt(message));
    expect(fast.decrypt(ciphertext)).to.equal(message);
    for (const bad of [`${ciphertext}\n`, ciphertext.replace(/=+$/, ''), ciphertext.replace(/\+/g, '-')]) {
      if (bad === ciphertext) continue;
      expect(() => fast.decrypt(bad)).to.throw(PubnubCryptoError, /not valid base64/);
    }
  });
});
