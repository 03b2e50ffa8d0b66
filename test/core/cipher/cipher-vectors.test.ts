/**
 * docs/protocol.md §7.4 cipher vectors C1–C27, data-driven from `vectors/cipher-vectors.json`. Static-IV rows must
 * encrypt exactly; random-IV and ACRH rows decrypt, and the rows whose IV is known (C21, C25) also encrypt
 * exactly, once through the standalone functions and once through `createCipher` with a queued random source.
 */
import {
  base64Decode,
  base64Encode,
  createCipher,
  decryptAcrh,
  decryptLegacyRandomIv,
  decryptLegacyStatic,
  deriveAcrhKey,
  deriveLegacyKey,
  encryptAcrh,
  encryptLegacyRandomIv,
  encryptLegacyStatic,
  hexDecode,
  utf8Decode,
  utf8Encode,
} from '@pubkit/core/internal';
import { expect } from 'chai';
import { fixedEnv, nodeCrypto } from '../support/fixed-env.js';
import { type CipherVector, cipherVectors } from '../support/vectors.js';

const crypto = nodeCrypto;

function ivOf(row: CipherVector): Uint8Array | undefined {
  if (row.iv?.ascii !== undefined) return utf8Encode(row.iv.ascii);
  if (row.iv?.hex !== undefined) return hexDecode(row.iv.hex);
  return undefined;
}

function decryptRow(row: CipherVector): string {
  const data = base64Decode(row.ciphertext);
  const bytes =
    row.mode === 'static'
      ? decryptLegacyStatic(deriveLegacyKey(row.cipherKey, crypto), data, crypto)
      : row.mode === 'random'
        ? decryptLegacyRandomIv(deriveLegacyKey(row.cipherKey, crypto), data, crypto)
        : decryptAcrh(deriveAcrhKey(row.cipherKey, crypto), data, crypto);
  return utf8Decode(bytes);
}

function encryptRow(row: CipherVector, iv: Uint8Array | undefined): string {
  const plaintext = utf8Encode(row.plaintext);
  if (row.mode === 'static')
    return base64Encode(encryptLegacyStatic(deriveLegacyKey(row.cipherKey, crypto), plaintext, crypto));
  if (iv === undefined) throw new Error(`${row.id}: no IV`);
  return row.mode === 'random'
    ? base64Encode(encryptLegacyRandomIv(deriveLegacyKey(row.cipherKey, crypto), plaintext, iv, crypto))
    : base64Encode(encryptAcrh(deriveAcrhKey(row.cipherKey, crypto), plaintext, iv, crypto));
}

describe('cipher vectors (docs/protocol.md §7.4)', () => {
  it('covers every vector C1–C27', () => {
    const ids = new Set(cipherVectors.map((row) => row.id.replace(/[a-e]$/, '')));
    for (let n = 1; n <= 27; n++) expect(ids.has(`C${n}`), `C${n}`).to.equal(true);
  });

  for (const row of cipherVectors) {
    const label = `${row.id} ${row.mode} key=${row.cipherKey}${row.plaintextIsJson ? '' : ' (raw text, not JSON)'}`;

    it(`${label}: decrypts to the exact plaintext`, () => {
      expect(decryptRow(row)).to.equal(row.plaintext);
    });

    it(`${label}: createCipher routes and decrypts it`, () => {
      const cipher = createCipher({ cipherKey: row.cipherKey, useRandomIVs: row.mode === 'random' }, fixedEnv());
      expect(cipher.decrypt(row.ciphertext)).to.equal(row.plaintext);
    });

    if (row.plaintextIsJson) {
      it(`${label}: the plaintext is JSON text`, () => {
        expect(() => JSON.parse(row.plaintext)).not.to.throw();
      });
    }

    if (row.encryptExact) {
      it(`${label}: encrypts exactly`, () => {
        expect(encryptRow(row, ivOf(row))).to.equal(row.ciphertext);
      });
    } else {
      // No published IV: re-encrypting with the IV the message carries must give the same bytes back, which
      // checks the layout (IV first for legacy random, in the header for ACRH).
      it(`${label}: re-encrypts exactly with the IV it carries`, () => {
        const data = base64Decode(row.ciphertext);
        const iv = row.mode === 'random' ? data.subarray(0, 16) : data.subarray(10, 26);
        expect(encryptRow(row, iv)).to.equal(row.ciphertext);
      });
    }
  }

  it('C21: createCipher({ useRandomIVs: true }) re-encrypts exactly with a fixed random source', () => {
    const rows = cipherVectors.filter((row) => row.id.startsWith('C21'));
    expect(rows).to.have.length(5);
    const env = fixedEnv({ randomBytes: rows.map(() => utf8Encode('knightsofni12345')) });
    const cipher = createCipher({ cipherKey: 'testKey', useRandomIVs: true }, env);
    for (const row of rows) expect(cipher.encrypt(row.plaintext), row.id).to.equal(row.ciphertext);
  });

  it('static-IV createCipher encrypts every static row exactly and draws no randomness', () => {
    const env = fixedEnv({ randomBytes: [new Uint8Array(1)] });
    for (const row of cipherVectors.filter((r) => r.mode === 'static')) {
      const cipher = createCipher({ cipherKey: row.cipherKey }, env);
      expect(cipher.encrypt(row.plaintext), row.id).to.equal(row.ciphertext);
    }
    // The queued 1-byte value is still there: a draw of 16 would have thrown on the length mismatch.
    expect(() => env.random.bytes(1)).not.to.throw();
  });

  it('C25: ACRH encrypts exactly with a 16 x 0x00 IV', () => {
    const row = cipherVectors.find((r) => r.id === 'C25')!;
    const data = encryptAcrh(
      deriveAcrhKey('myCipherKey', crypto),
      utf8Encode(row.plaintext),
      new Uint8Array(16),
      crypto,
    );
    expect(base64Encode(data)).to.equal(row.ciphertext);
    expect(row.ciphertext.startsWith('UE5FRAFBQ1JI')).to.equal(true);
  });

  it('C9 vs C10 and C20: the same value in different JSON texts gives different ciphertexts', () => {
    const byId = (id: string) => cipherVectors.find((r) => r.id === id)!;
    expect(JSON.parse(byId('C9').plaintext)).to.equal(JSON.parse(byId('C10').plaintext));
    expect(byId('C9').ciphertext).not.to.equal(byId('C10').ciphertext);
    expect(JSON.parse(byId('C20a').plaintext)).to.deep.equal(JSON.parse(byId('C20b').plaintext));
    expect(byId('C20a').ciphertext).not.to.equal(byId('C20b').ciphertext);
  });
});
