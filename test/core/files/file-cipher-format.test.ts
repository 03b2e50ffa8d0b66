/**
 * The encrypted-file layouts (docs/protocol.md §15.9): the prefix each writes, how a reader picks the layout from
 * however many bytes have arrived, the keys, and the refusals. AES itself runs here through node:crypto, as the
 * Node adapter does, to show the pieces fit.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import {
  encryptedFileSize,
  fileCipherKey,
  fileCipherPrefix,
  PubnubCryptoError,
  PubnubValidationError,
  readFileCipherPrefix,
} from '@pubkit/core';
import { expect } from 'chai';
import { thrown } from '../operations/helpers.js';
import { fixedEnv } from '../support/fixed-env.js';

const nodeCrypto = fixedEnv().crypto;

const IV = Buffer.from('0123456789abcdef');

function encrypt(format: 'legacy' | 'acrh', key: string, plain: Buffer): Buffer {
  const c = createCipheriv('aes-256-cbc', fileCipherKey(format, key, nodeCrypto), IV);
  return Buffer.concat([fileCipherPrefix(format, IV), c.update(plain), c.final()]);
}

/** Reads the prefix feeding one more byte at a time; returns it with how many bytes it took. */
function feedBytewise(data: Buffer): { taken: number; prefix: NonNullable<ReturnType<typeof readFileCipherPrefix>> } {
  for (let n = 0; n <= data.length; n++) {
    const prefix = readFileCipherPrefix(data.subarray(0, n), false);
    if (prefix !== undefined) return { taken: n, prefix };
  }
  throw new Error('never complete');
}

describe('core files: encrypted-file layouts', () => {
  it('legacy: the IV first, the hex-prefix key; read after exactly 16 bytes', () => {
    const data = encrypt('legacy', 'enigma', Buffer.from('hello file'));
    expect(data.subarray(0, 16)).to.deep.equal(IV);
    expect(data.length).to.equal(encryptedFileSize('legacy', 10));
    const hexKey = Buffer.from(createHash('sha256').update('enigma').digest('hex').slice(0, 32), 'utf8');
    expect(Buffer.from(fileCipherKey('legacy', 'enigma', nodeCrypto))).to.deep.equal(hexKey);
    const { taken, prefix } = feedBytewise(data);
    expect(taken).to.equal(16);
    expect(prefix).to.deep.include({ format: 'legacy', length: 16 });
    const d = createDecipheriv('aes-256-cbc', hexKey, prefix.iv);
    expect(Buffer.concat([d.update(data.subarray(prefix.length)), d.final()]).toString()).to.equal('hello file');
  });

  it('ACRH: the PNED header carrying the IV, the raw-digest key; read once the header is whole', () => {
    const data = encrypt('acrh', 'enigma', Buffer.alloc(32, 7));
    expect(data.subarray(0, 10).toString('latin1')).to.equal('PNED\x01ACRH\x10');
    expect(data.length).to.equal(encryptedFileSize('acrh', 32));
    expect(Buffer.from(fileCipherKey('acrh', 'enigma', nodeCrypto))).to.deep.equal(
      createHash('sha256').update('enigma').digest(),
    );
    const { taken, prefix } = feedBytewise(data);
    expect(taken).to.equal(26);
    expect(prefix).to.deep.include({ format: 'acrh', length: 26 });
    expect(Buffer.from(prefix.iv)).to.deep.equal(IV);
  });

  it('refuses a file too short for its prefix, an unknown cryptor, and a bad IV length', () => {
    expect(thrown(() => readFileCipherPrefix(Buffer.alloc(15), true))).to.be.instanceOf(PubnubCryptoError);
    expect(thrown(() => readFileCipherPrefix(Buffer.from('PNED\x01AC'), true))).to.be.instanceOf(PubnubCryptoError);
    const other = Buffer.concat([Buffer.from('PNED\x01XYZW\x10', 'latin1'), IV, Buffer.alloc(16)]);
    expect((thrown(() => readFileCipherPrefix(other, false)) as Error).message).to.include('unknown cryptor "XYZW"');
    const shortIv = Buffer.concat([Buffer.from('PNED\x01ACRH\x04', 'latin1'), Buffer.alloc(20)]);
    expect(thrown(() => readFileCipherPrefix(shortIv, false))).to.be.instanceOf(PubnubCryptoError);
    expect(thrown(() => fileCipherPrefix('legacy', Buffer.alloc(8)))).to.be.instanceOf(PubnubCryptoError);
    expect(thrown(() => fileCipherKey('legacy', '', nodeCrypto))).to.be.instanceOf(PubnubValidationError);
  });

  it('padding: a whole block more when the size is a multiple of 16', () => {
    expect(encryptedFileSize('legacy', 0)).to.equal(32);
    expect(encryptedFileSize('legacy', 15)).to.equal(32);
    expect(encryptedFileSize('legacy', 16)).to.equal(48);
    expect(encryptedFileSize('acrh', 5 * 1024 * 1024)).to.equal(26 + 5 * 1024 * 1024 + 16);
  });
});
