/**
 * docs/protocol.md §6.3 signature vectors S1–S15, data-driven from `vectors/signature-vectors.json`:
 * - the HMAC of each given string to sign, rendered in the vector's dialect, is the published signature (S7 is
 *   standard base64: its raw HMAC is checked, then the url-safe normalisation);
 * - `stringToSignV1`/`V2` rebuild each string exactly from the same request as data (decoded query record);
 * - `sign()` reproduces each v2 signature from the request as it was sent (S11 was a POST);
 * - `verifySignature` accepts each vector's request.
 */
import {
  base64Encode,
  hmacSha256Text,
  normalizeSignature,
  type PnRequest,
  sign,
  signatureV1,
  signatureV2,
  stringToSignV1,
  stringToSignV2,
  verifySignature,
} from '@pubkit/core/internal';
import { expect } from 'chai';
import { nodeCrypto } from '../support/fixed-env.js';
import { signatureVectors } from '../support/vectors.js';

const crypto = nodeCrypto;

describe('signature vectors (docs/protocol.md §6.3)', () => {
  it('has every vector S1–S15', () => {
    expect(signatureVectors.map((row) => row.id)).to.deep.equal(Array.from({ length: 15 }, (_, i) => `S${i + 1}`));
  });

  for (const row of signatureVectors) {
    const label = `${row.id} (${row.note})`;
    const keys = {
      subscribeKey: row.input.subscribeKey,
      publishKey: row.input.publishKey,
      secretKey: row.secretKey,
    };
    const timestamp = Number(row.input.query.timestamp);

    const normalized = row.normalized;
    if (normalized !== undefined) {
      it(`${label}: the HMAC in standard base64 is the published value`, () => {
        expect(base64Encode(hmacSha256Text(row.secretKey, row.stringToSign, crypto))).to.equal(row.signature);
      });
      it(`${label}: normalising it gives the url-safe v1 signature`, () => {
        expect(signatureV1(row.secretKey, row.stringToSign, crypto)).to.equal(normalized);
        expect(normalizeSignature(row.signature)).to.equal(normalizeSignature(normalized));
      });
    } else {
      it(`${label}: the HMAC of the given string is the signature`, () => {
        const render = row.dialect === 'v1' ? signatureV1 : signatureV2;
        expect(render(row.secretKey, row.stringToSign, crypto)).to.equal(row.signature);
      });
    }

    it(`${label}: stringToSign${row.dialect === 'v1' ? 'V1' : 'V2'} builds the string from the query record`, () => {
      const built =
        row.dialect === 'v1'
          ? stringToSignV1(row.input)
          : stringToSignV2({ ...row.input, method: row.input.method ?? 'GET' });
      expect(built).to.equal(row.stringToSign);
    });

    if (row.dialect === 'v2' && row.sent !== undefined) {
      const sent = row.sent;
      it(`${label}: sign() reproduces it from the request as sent (${sent.method})`, () => {
        const { timestamp: _t, ...query } = row.input.query;
        const request: PnRequest = {
          operation: row.input.path.startsWith('/publish') ? 'publish' : 'grant',
          method: sent.method,
          path: row.input.path,
          query,
          headers: {},
          timeoutMs: 15000,
          ...(sent.body === undefined ? {} : { body: sent.body }),
        };
        const signed = sign(request, keys, timestamp, crypto);
        expect(signed.query.timestamp).to.equal(row.input.query.timestamp);
        expect(signed.query.signature).to.equal(row.signature);
        expect(JSON.stringify(signed)).not.to.contain(row.secretKey);
      });
    }

    it(`${label}: verifySignature accepts the request`, () => {
      const verdict = verifySignature({
        method: row.sent?.method ?? 'GET',
        rawPath: row.input.path,
        query: { ...row.input.query, signature: row.signature },
        body: row.sent?.body,
        keys,
        nowSec: timestamp,
        crypto,
      });
      expect(verdict).to.deep.equal({ ok: true });
    });
  }
});
