/**
 * The PNED header (docs/protocol.md §7.3), checked against the byte strings of Python's `test_header_encoder`.
 */
import {
  decodePnedHeader,
  encodePnedHeader,
  hasPnedHeader,
  PubnubCryptoError,
  utf8Encode,
} from '@pubkit/core/internal';
import { expect } from 'chai';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...utf8Encode(p)] : p)));

describe('PNED header (docs/protocol.md §7.3)', () => {
  const cases: Array<{ name: string; data: Uint8Array; header: Uint8Array }> = [
    { name: 'no cryptor data', data: new Uint8Array(0), header: bytes('PNED', [1], 'ACRH', [0]) },
    { name: 'one byte', data: bytes([0x21]), header: bytes('PNED', [1], 'ACRH', [1, 0x21]) },
    {
      name: '255 bytes (3-byte length)',
      data: new Uint8Array(255).fill(0x21),
      header: bytes('PNED', [1], 'ACRH', [0xff, 0x00, 0xff], new Array<number>(255).fill(0x21)),
    },
  ];

  for (const { name, data, header } of cases) {
    it(`encodes ${name} exactly`, () => {
      expect(encodePnedHeader('ACRH', data)).to.deep.equal(header);
    });
    it(`decodes ${name} back, with the payload offset`, () => {
      const decoded = decodePnedHeader(Uint8Array.from([...header, 9, 9]));
      expect(decoded).to.not.equal(undefined);
      expect(decoded!.version).to.equal(1);
      expect(decoded!.cryptorId).to.equal('ACRH');
      expect(decoded!.cryptorData).to.deep.equal(data);
      expect(decoded!.length).to.equal(header.length);
    });
  }

  it('254 bytes still use a 1-byte length', () => {
    expect(encodePnedHeader('ACRH', new Uint8Array(254)).length).to.equal(10 + 254);
  });

  it('returns undefined for input without the sentinel (legacy ciphertext)', () => {
    expect(decodePnedHeader(bytes('PNE'))).to.equal(undefined);
    expect(decodePnedHeader(bytes('XNED', [1], 'ACRH', [0]))).to.equal(undefined);
    expect(hasPnedHeader(bytes('PNED'))).to.equal(true);
    expect(hasPnedHeader(bytes('PNE'))).to.equal(false);
  });

  it('rejects an unknown version and truncated headers with PubnubCryptoError', () => {
    expect(() => decodePnedHeader(bytes('PNED', [2], 'ACRH', [0]))).to.throw(PubnubCryptoError, /version 2/);
    expect(() => decodePnedHeader(bytes('PNED', [1], 'ACR'))).to.throw(PubnubCryptoError, /truncated/);
    expect(() => decodePnedHeader(bytes('PNED', [1], 'ACRH', [16], [1, 2, 3]))).to.throw(
      PubnubCryptoError,
      /truncated/,
    );
    expect(() => decodePnedHeader(bytes('PNED', [1], 'ACRH', [0xff, 0]))).to.throw(PubnubCryptoError, /truncated/);
  });

  it('refuses a cryptor id that is not 4 ASCII characters and data over 65535 bytes', () => {
    expect(() => encodePnedHeader('ACR', new Uint8Array(0))).to.throw(PubnubCryptoError);
    expect(() => encodePnedHeader('ACRÉ', new Uint8Array(0))).to.throw(PubnubCryptoError);
    expect(() => encodePnedHeader('ACRH', new Uint8Array(65536))).to.throw(PubnubCryptoError);
    expect(encodePnedHeader('ACRH', new Uint8Array(65535)).length).to.equal(12 + 65535);
  });
});
