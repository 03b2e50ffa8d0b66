/**
 * Round-trip properties (docs/testing.md §3): what the core encodes, it decodes to the same value. The cipher in
 * both legacy modes (static IV, random IV) and through the ACRH cryptor it reads from current SDKs; the Access
 * Manager v3 token codec; and issued tokens through parse and verify.
 */
import * as core from '@pubkit/core/internal';
import { nodeCrypto, nodeRandom } from '@pubkit/node';
import { expect } from 'chai';
import fc from 'fast-check';
import { budget, TEST_TIMEOUT_MS } from './budget.js';

const env = { crypto: nodeCrypto, random: nodeRandom };
const cipherKey = fc.string({ minLength: 1, maxLength: 40, unit: 'binary' });
/** Any JSON text a message may be: `toJson` of a JSON value, unicode and astral characters included. */
const plaintext = fc
  .jsonValue({ maxDepth: 3, stringUnit: 'binary' })
  .map((value) => JSON.stringify(value))
  .filter((text) => text.length < 4000);

const name = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/\p{Cs}/u.test(s));
const permissionMap = fc
  .array(fc.tuple(name, fc.integer({ min: 0, max: 255 })), { maxLength: 4 })
  .map((entries) => new Map(entries));
const maps = fc.record({ channels: permissionMap, groups: permissionMap, uuids: permissionMap });
const tokenBody: fc.Arbitrary<core.TokenBody> = fc.record(
  {
    version: fc.constant(2),
    timestamp: fc.integer({ min: 0, max: 2 ** 32 }),
    ttl: fc.integer({ min: 1, max: 43_200 }),
    resources: maps,
    patterns: maps,
    meta: fc.dictionary(
      name,
      fc.oneof(
        fc.string({ maxLength: 20 }).filter((s) => !/\p{Cs}/u.test(s)),
        fc.integer(),
        fc.boolean(),
      ),
      { maxKeys: 4 },
    ),
    authorizedUuid: name,
  },
  { requiredKeys: ['version', 'timestamp', 'ttl', 'resources', 'patterns', 'meta'] },
);

describe('fuzz: round trips', function () {
  this.timeout(TEST_TIMEOUT_MS);

  for (const useRandomIVs of [false, true]) {
    it(`cipher (${useRandomIVs ? 'random' : 'static'} IV): decrypt(encrypt(json)) === json for any key and message`, () => {
      fc.assert(
        fc.property(cipherKey, plaintext, (key, json) => {
          const cipher = core.createCipher({ cipherKey: key, useRandomIVs }, env);
          const sealed = cipher.encrypt(json);
          expect(sealed).to.match(/^[A-Za-z0-9+/]*={0,2}$/);
          expect(cipher.decrypt(sealed)).to.equal(json);
          // The payload codec around it: what publish sends, subscribe reads back as the value.
          const wire = core.encodeMessage(JSON.parse(json), cipher);
          expect(core.decodeMessage(JSON.parse(wire), cipher)).to.deep.equal({ message: JSON.parse(json) });
        }),
        budget(0.5),
      );
    });
  }

  it('cipher: ACRH ciphertext (current SDKs) decrypts to its plaintext in either legacy mode', () => {
    fc.assert(
      fc.property(
        cipherKey,
        plaintext,
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.boolean(),
        (key, json, iv, random) => {
          const data = core.encryptAcrh(core.deriveAcrhKey(key, nodeCrypto), core.utf8Encode(json), iv, nodeCrypto);
          const cipher = core.createCipher({ cipherKey: key, useRandomIVs: random }, env);
          expect(cipher.decrypt(core.base64Encode(data))).to.equal(json);
        },
      ),
      budget(0.5),
    );
  });

  it('cipher: another key never yields the plaintext, and fails typed', () => {
    fc.assert(
      fc.property(cipherKey, cipherKey, plaintext, (a, b, json) => {
        fc.pre(a !== b);
        const sealed = core.createCipher({ cipherKey: a }, env).encrypt(json);
        let opened: string | undefined;
        try {
          opened = core.createCipher({ cipherKey: b }, env).decrypt(sealed);
        } catch (err) {
          expect(err).to.be.instanceOf(core.PubnubCryptoError);
        }
        // A wrong key may, rarely, unpad cleanly: then the text differs (or is not UTF-8, which throws above).
        if (opened !== undefined) expect(opened).to.not.equal(json);
      }),
      budget(0.5),
    );
  });

  it('token codec: decodeToken(encodeToken(body, sig)) gives back the body and signature', () => {
    fc.assert(
      fc.property(tokenBody, fc.uint8Array({ minLength: 32, maxLength: 32 }), (body, signature) => {
        const token = core.encodeToken(body, signature);
        expect(token).to.match(/^[A-Za-z0-9_-]+$/);
        const decoded = core.decodeToken(token);
        expect(decoded.signature).to.deep.equal(signature);
        expect(decoded.body.version).to.equal(2);
        expect(decoded.body.timestamp).to.equal(body.timestamp);
        expect(decoded.body.ttl).to.equal(body.ttl);
        expect(decoded.body.authorizedUuid).to.equal(body.authorizedUuid);
        expect(decoded.body.meta).to.deep.equal(body.meta);
        for (const type of core.TOKEN_RESOURCE_TYPES) {
          expect([...decoded.body.resources[type]]).to.deep.equal([...body.resources[type]]);
          expect([...decoded.body.patterns[type]]).to.deep.equal([...body.patterns[type]]);
        }
        // The bytes the signature covers are stable across a decode.
        expect(core.encodeTokenBody(decoded.body)).to.deep.equal(core.encodeTokenBody(body));
      }),
      budget(0.5),
    );
  });

  it('timetokens: ms → timetoken → ms is the identity; comparison agrees with BigInt order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_999_999_999 }),
        fc.bigInt({ min: 0n, max: 10n ** 17n - 1n }),
        fc.bigInt({ min: 0n, max: 10n ** 17n - 1n }),
        (ms, a, b) => {
          expect(core.timetokenToMs(core.timetokenFromMs(ms))).to.equal(ms);
          const cmp = core.compareTimetokens(String(a), String(b));
          expect(cmp).to.equal(a < b ? -1 : a > b ? 1 : 0);
        },
      ),
      budget(),
    );
  });
});
