/**
 * The Node file cipher streams (docs/protocol.md §15.9), without a network: round trips in both layouts whatever
 * the chunking, pubnub@7.3.3's own file encryption read (and ours read by it), and a wrong key as a typed error.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { fileCipherKey, fileCipherPrefix, PubnubCryptoError } from '@pubkit/core';
import { expect } from 'chai';
import { createFileEncryptor, FileDecryptor } from '../../../../adapters/node/src/file-cipher-streams.js';
import { nodeCrypto } from '../../../../adapters/node/src/node-env.js';

/** pubnub@7.3.3's Node file cryptography, observed as a black box. */
interface Sdk7Cryptography {
  encryptBuffer(key: Buffer, plaintext: Buffer): Buffer;
  decryptBuffer(key: Buffer, ciphertext: Buffer): Buffer;
  getKey(cipherKey: string): Buffer;
}
const require = createRequire(import.meta.url);
const Sdk7Crypto = (require('pubnub-7/lib/crypto/modules/node.js') as { default: new () => Sdk7Cryptography }).default;

/** Splits `data` into chunks of the given sizes (cycling) and pushes them through `transform`. */
async function through(transform: NodeJS.ReadWriteStream, data: Buffer, sizes: number[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    chunks.push(data.subarray(at, at + n));
    at += n;
  }
  return buffer(Readable.from(chunks).pipe(transform));
}

describe('node files: cipher streams', () => {
  const plain = randomBytes(100_003);

  for (const format of ['legacy', 'acrh'] as const) {
    it(`${format}: encrypts and decrypts back whatever the chunk sizes`, async () => {
      for (const sizes of [[1], [7, 16, 3], [65_536], [100_003]]) {
        const sealed = await through(createFileEncryptor('enigma', format), plain, sizes);
        const opened = await through(new FileDecryptor('enigma'), sealed, [...sizes].reverse());
        expect(opened.equals(plain), `chunks ${sizes}`).to.equal(true);
      }
    });
  }

  it('an empty file encrypts to one block and back', async () => {
    const sealed = await buffer(Readable.from([]).pipe(createFileEncryptor('enigma', 'legacy')));
    expect(sealed.length).to.equal(32);
    expect((await through(new FileDecryptor('enigma'), sealed, [5])).length).to.equal(0);
  });

  it("reads pubnub@7.3.3's encrypted files, and pubnub@7.3.3 reads ours (legacy layout)", async () => {
    const sdk = new Sdk7Crypto();
    const theirs = sdk.encryptBuffer(sdk.getKey('enigma'), plain);
    expect((await through(new FileDecryptor('enigma'), theirs, [4096])).equals(plain)).to.equal(true);
    const ours = await through(createFileEncryptor('enigma', 'legacy'), plain, [4096]);
    expect(sdk.decryptBuffer(sdk.getKey('enigma'), ours).equals(plain)).to.equal(true);
  });

  it('a wrong key fails the stream with PubnubCryptoError; so does a cut or foreign file', async () => {
    const sealed = await through(createFileEncryptor('enigma', 'acrh'), plain, [8192]);
    const failures = [
      through(new FileDecryptor('not-the-key'), sealed, [8192]),
      through(new FileDecryptor('enigma'), sealed.subarray(0, sealed.length - 5), [8192]),
      through(new FileDecryptor('enigma'), Buffer.from('short'), [8192]),
    ];
    for (const failure of failures) {
      const err = await failure.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(PubnubCryptoError);
    }
    // The wrong key's error must not echo key or contents.
    const wrong = (await failures[0]!.catch((e: Error) => e)) as Error;
    expect(wrong.message)
      .to.match(/wrong cipher key/)
      .and.not.include('not-the-key');
  });

  it('a PNED file with an unknown cryptor is refused by name', async () => {
    const iv = randomBytes(16);
    const c = createCipheriv('aes-256-cbc', fileCipherKey('acrh', 'k', nodeCrypto), iv);
    const header = Buffer.from(fileCipherPrefix('acrh', iv));
    header.write('XYZW', 5, 'latin1');
    const file = Buffer.concat([header, c.update(plain), c.final()]);
    const err = await through(new FileDecryptor('k'), file, [3]).catch((e: Error) => e);
    expect(err).to.be.instanceOf(PubnubCryptoError).with.property('message').that.includes('XYZW');
  });
});
