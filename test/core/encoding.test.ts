/**
 * `encodeComponent` (docs/protocol.md §2.8): everything but `A-Za-z0-9-_.` as `%XX` of its UTF-8 bytes. Its fast
 * path returns an all-unreserved string as it is (docs/performance.md §2); this checks it against the definition
 * on every kind of string, so the fast path can never keep a character the definition encodes.
 */
import { encodeComponent, encodeQuery } from '@pubkit/core';
import { expect } from 'chai';
import fc from 'fast-check';

/** The definition, written without the fast path. */
function reference(value: string): string {
  return encodeURIComponent(value).replace(/[!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

describe('encodeComponent', () => {
  it("keeps A-Za-z0-9-_. and encodes every other ASCII character, ~ ! * ' ( ) included", () => {
    for (let c = 0; c < 128; c++) {
      const ch = String.fromCharCode(c);
      expect(encodeComponent(`a${ch}b`), `char ${c}`).to.equal(reference(`a${ch}b`));
    }
    expect(encodeComponent('PubKit-Node/0.1.0')).to.equal('PubKit-Node%2F0.1.0');
    expect(encodeComponent('~')).to.equal('%7E');
    expect(encodeComponent('')).to.equal('');
  });

  it('returns an unreserved string itself (no copy), and encodes the rest like the definition', () => {
    const plain = 'uuid-17.0_Z';
    expect(encodeComponent(plain)).to.equal(plain);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[\w.~-]{0,40}$/)), (s) => {
        expect(encodeComponent(s)).to.equal(reference(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('encodeQuery joins encoded pairs in insertion order', () => {
    expect(encodeQuery({ tt: '17000000000000000', tr: '1', uuid: 'a b', pnsdk: 'PubKit-Node/0.1.0' })).to.equal(
      'tt=17000000000000000&tr=1&uuid=a%20b&pnsdk=PubKit-Node%2F0.1.0',
    );
  });
});
