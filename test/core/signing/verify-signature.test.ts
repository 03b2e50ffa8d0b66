/**
 * `verifySignature` (docs/protocol.md §6.4) against every signed request captured in docs/protocol.md §9.1 (pubnub@10.2.9, v2),
 * §9.2 (JS 3.16.5, v1) and §9.3 (Python 3.9, v1), with keys pub/sub/sec and the server clock at the captured
 * timestamp; then the rejections. The raw query is decoded with the core's `parseQuery`, as the server does.
 */
import {
  parseQuery,
  type SignatureVerdict,
  signatureV1,
  signatureV2,
  stringToSignV1,
  stringToSignV2,
  verifySignature,
} from '@pubkit/core';
import { expect } from 'chai';
import { nodeCrypto } from '../support/fixed-env.js';

const keys = { subscribeKey: 'sub', publishKey: 'pub', secretKey: 'sec' };
const JS10 = 'PubNub-JS-Nodejs%2F10.2.9';
const JS3 = 'PubNub-JS-Nodejs%2F3.16.5';
const PY = 'PubNub-Python%2F3.9.0';

interface Captured {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  /** Raw path and query exactly as captured (the elided `pnsdk=…` filled in from the same trace). */
  readonly url: string;
  /** Decompressed body. */
  readonly body?: string;
}

const captured: Array<{ trace: string; nowSec: number; requests: Captured[] }> = [
  {
    trace: '§9.1 pubnub@10.2.9 (v2)',
    nowSec: 1795882483,
    requests: [
      {
        name: 'grant',
        method: 'GET',
        url: `/v2/auth/grant/sub-key/sub?channel=ch1&auth=ak&r=1&w=1&m=0&d=0&g=0&j=0&u=0&ttl=5&uuid=user-1&requestid=ba624543-3cbc-428b-a960-389cedf8615b&pnsdk=${JS10}&timestamp=1795882483&signature=v2.S9KH58JvFOK6wZQo0Z_ntIkWO2A9GMliULxgpSPYYlw`,
      },
      {
        name: 'audit',
        method: 'GET',
        url: `/v2/auth/audit/sub-key/sub?channel=ch1&uuid=user-1&requestid=5df4d194-1f3e-4fb3-ad0c-cb14bb7ad08b&pnsdk=${JS10}&timestamp=1795882483&signature=v2.lB8SMQDOFcF3pgtf90gs0J6Y6QTQQUP685voyLbMWO8`,
      },
      {
        name: 'GET publish',
        method: 'GET',
        url: `/publish/pub/sub/0/ch1/0/%22signed%22?uuid=user-1&requestid=457c1976-1692-4b30-89e0-f8e371556cff&pnsdk=${JS10}&timestamp=1795882483&signature=v2.Qtwi8wOzpDN8_ee0-50zFtj2qdiYnndfo-PAhPdZxto`,
      },
      {
        name: 'POST publish (signed as GET without body)',
        method: 'POST',
        url: `/publish/pub/sub/0/ch1/0?uuid=user-1&requestid=e82c54c8-bf92-4fa1-8f6c-4321ef8663c9&pnsdk=${JS10}&timestamp=1795882483&signature=v2.KzXg0r74O0DpvgxN_NYZed_FE7bVxkJPiz5VH8tii7g`,
        body: '"signedpost"',
      },
    ],
  },
  {
    trace: '§9.2 JS 3.16.5 (v1, padding sent as %3D)',
    nowSec: 1795882688,
    requests: [
      {
        name: '/time/0',
        method: 'GET',
        url: `/time/0?uuid=user-1&auth=ak&pnsdk=${JS3}&timestamp=1795882688&signature=P_WRgl8oiBcWFc7DbLDnmH_9tx5YQIgDI-0iqW-VVq8%3D`,
      },
      {
        name: 'grant',
        method: 'GET',
        url: `/v1/auth/grant/sub-key/sub?w=1&r=1&channel=ch1&ttl=5&auth=ak&pnsdk=${JS3}&timestamp=1795882688&signature=UtWfIumVUQ3lnLpMSKEiITapFh-I4gZHD3uRSEbFjPY%3D`,
      },
      {
        name: 'audit',
        method: 'GET',
        url: `/v1/auth/audit/sub-key/sub?channel=ch1&pnsdk=${JS3}&timestamp=1795882688&signature=2vx9YG2qNOaqZYhE173CW2PLiM08Qb4WwVKmfwMS-YM%3D`,
      },
      {
        name: 'publish',
        method: 'GET',
        url: `/publish/pub/sub/0/ch1/0/%22signed%22?uuid=user-1&auth=ak&pnsdk=${JS3}&timestamp=1795882688&signature=uORI1VL_2OpAR79ge-YcvP9iC9WGGtdUEmwmVRPsdfY%3D`,
      },
    ],
  },
  {
    trace: '§9.3 Python 3.9 (v1, raw = padding)',
    nowSec: 1795882643,
    requests: [
      {
        name: 'grant',
        method: 'GET',
        url: `/v1/auth/grant/sub-key/sub?channel=ch1&auth=ak&r=1&w=1&m=0&ttl=5&pnsdk=${PY}&timestamp=1795882643&signature=sd2lUHg2ayWXJfrODR4FgUG8Ez41vXIclhKnYy4Wh4k=`,
      },
      {
        name: 'revoke',
        method: 'GET',
        url: `/v1/auth/grant/sub-key/sub?channel=ch1&auth=ak&r=0&w=0&ttl=1&pnsdk=${PY}&timestamp=1795882643&signature=HaSVJt_n0z2Eyi0Jyzj2GUae7i51vs89XNb0yETFNbU=`,
      },
      {
        name: 'audit',
        method: 'GET',
        url: `/v1/auth/audit/sub-key/sub?channel=ch1&pnsdk=${PY}&timestamp=1795882643&signature=oVELN61PwFAm0peol7wDaCCWw4lPSdLrFDCC496zwhI=`,
      },
      {
        name: 'key-level grant()',
        method: 'GET',
        url: `/v1/auth/grant/sub-key/sub?r=0&w=0&m=0&ttl=5&pnsdk=${PY}&timestamp=1795882643&signature=yDgd28dbRxd_alRVz7RD_XTSTz4UoG0sYyjTUvuuxgU=`,
      },
      {
        name: 'publish',
        method: 'GET',
        url: `/publish/pub/sub/0/ch1/0/%22signed%22?pnsdk=${PY}&auth=ak&timestamp=1795882643&signature=1OjLIr_zOgRnQ5NFYKIMC9e40KK2NpEfF3UwYwX0PJE=`,
      },
    ],
  },
];

function split(url: string): { rawPath: string; query: Record<string, string> } {
  const q = url.indexOf('?');
  const query = parseQuery(url.slice(q + 1));
  if (query === undefined) throw new Error(`bad query in ${url}`);
  return { rawPath: url.slice(0, q), query };
}

function verify(
  request: Captured,
  nowSec: number,
  change: (q: Record<string, string>) => void = () => {},
): SignatureVerdict {
  const { rawPath, query } = split(request.url);
  change(query);
  return verifySignature({
    method: request.method,
    rawPath,
    query,
    body: request.body,
    keys,
    nowSec,
    crypto: nodeCrypto,
  });
}

describe('verifySignature (docs/protocol.md §6.4)', () => {
  for (const { trace, nowSec, requests } of captured) {
    describe(`captured ${trace}`, () => {
      for (const request of requests) {
        it(`accepts ${request.method} ${request.name}`, () => {
          expect(verify(request, nowSec)).to.deep.equal({ ok: true });
        });
        it(`accepts ${request.name} at the edges of the ±60 s window`, () => {
          expect(verify(request, nowSec + 60)).to.deep.equal({ ok: true });
          expect(verify(request, nowSec - 60)).to.deep.equal({ ok: true });
        });
        it(`rejects ${request.name} with a tampered query`, () => {
          const tampered = verify(request, nowSec, (q) => {
            q.channel = 'ch2';
          });
          expect(tampered).to.deep.equal({ ok: false, reason: 'signature' });
        });
        it(`rejects ${request.name} with a stale timestamp (61 s either way)`, () => {
          expect(verify(request, nowSec + 61)).to.deep.equal({ ok: false, reason: 'timestamp' });
          expect(verify(request, nowSec - 61)).to.deep.equal({ ok: false, reason: 'timestamp' });
        });
        it(`rejects ${request.name} without its signature`, () => {
          const missing = verify(request, nowSec, (q) => {
            delete q.signature;
          });
          expect(missing).to.deep.equal({ ok: false, reason: 'missing' });
        });
      }
    });
  }

  const grant = captured[0]!.requests[0]!;
  const now = captured[0]!.nowSec;

  it('rejects a missing or empty timestamp as missing, a malformed one as timestamp', () => {
    expect(verify(grant, now, (q) => delete q.timestamp)).to.deep.equal({ ok: false, reason: 'missing' });
    expect(verify(grant, now, (q) => (q.signature = ''))).to.deep.equal({ ok: false, reason: 'missing' });
    expect(verify(grant, now, (q) => (q.timestamp = '17958824a3'))).to.deep.equal({ ok: false, reason: 'timestamp' });
    expect(verify(grant, now, (q) => (q.timestamp = '-1795882483'))).to.deep.equal({ ok: false, reason: 'timestamp' });
  });

  it('rejects a moved timestamp inside the window (it is signed)', () => {
    expect(verify(grant, now, (q) => (q.timestamp = String(now + 1)))).to.deep.equal({
      ok: false,
      reason: 'signature',
    });
  });

  it('rejects a tampered path, a wrong secret and a signature from another dialect', () => {
    const { rawPath, query } = split(grant.url);
    const base = { method: 'GET', rawPath, query, keys, nowSec: now, crypto: nodeCrypto };
    expect(verifySignature({ ...base, rawPath: '/v2/auth/grant/sub-key/other' }).ok).to.equal(false);
    expect(verifySignature({ ...base, keys: { ...keys, secretKey: 'sec2' } }).ok).to.equal(false);
    const v1Body = query.signature!.slice(3);
    expect(verifySignature({ ...base, query: { ...query, signature: v1Body } })).to.deep.equal({
      ok: false,
      reason: 'signature',
    });
  });

  it('ignores a ?query suffix left on rawPath', () => {
    const { rawPath, query } = split(grant.url);
    const verdict = verifySignature({
      method: 'GET',
      rawPath: `${rawPath}?x=1`,
      query,
      keys,
      nowSec: now,
      crypto: nodeCrypto,
    });
    expect(verdict).to.deep.equal({ ok: true });
  });

  describe('POST /publish dialects', () => {
    const path = '/publish/pub/sub/0/ch1/0';
    const body = '{"n":3}';
    const query = { uuid: 'user-1', pnsdk: 'PubNub-Go/7.0.0', timestamp: String(now) };
    const check = (signature: string, sentBody = body) =>
      verifySignature({
        method: 'POST',
        rawPath: path,
        query: { ...query, signature },
        body: sentBody,
        keys,
        nowSec: now,
        crypto: nodeCrypto,
      });

    it('accepts v2 "POST" + body (Go) and rejects it when the body was changed', () => {
      const sig = signatureV2(
        'sec',
        stringToSignV2({ method: 'POST', publishKey: 'pub', path, query, body }),
        nodeCrypto,
      );
      expect(check(sig)).to.deep.equal({ ok: true });
      expect(check(sig, '{"n":4}')).to.deep.equal({ ok: false, reason: 'signature' });
    });

    it('accepts v1 over the path (Python/Java/Kotlin)', () => {
      const sig = signatureV1(
        'sec',
        stringToSignV1({ subscribeKey: 'sub', publishKey: 'pub', path, query }),
        nodeCrypto,
      );
      expect(check(sig)).to.deep.equal({ ok: true });
    });

    it('accepts v2 "GET" without body (JS), which does not cover the body (docs/protocol.md §6.2)', () => {
      const sig = signatureV2('sec', stringToSignV2({ method: 'GET', publishKey: 'pub', path, query }), nodeCrypto);
      expect(check(sig)).to.deep.equal({ ok: true });
      expect(check(sig, '{"n":4}')).to.deep.equal({ ok: true });
    });

    it('a non-publish POST signs its body', () => {
      const grantPath = '/v3/pam/sub/grant';
      const sig = signatureV2(
        'sec',
        stringToSignV2({ method: 'POST', publishKey: 'pub', path: grantPath, query, body }),
        nodeCrypto,
      );
      const at = (sentBody: string) =>
        verifySignature({
          method: 'POST',
          rawPath: grantPath,
          query: { ...query, signature: sig },
          body: sentBody,
          keys,
          nowSec: now,
          crypto: nodeCrypto,
        });
      expect(at(body)).to.deep.equal({ ok: true });
      expect(at('{}')).to.deep.equal({ ok: false, reason: 'signature' });
    });
  });

  describe('v1 normalisation', () => {
    const path = '/time/0';
    const query = { uuid: 'user-1', auth: 'ak', pnsdk: 'PubNub-JS-Nodejs/3.16.5', timestamp: '1795882688' };
    const nowSec = 1795882688;
    const check = (signature: string) =>
      verifySignature({
        method: 'GET',
        rawPath: path,
        query: { ...query, signature },
        keys,
        nowSec,
        crypto: nodeCrypto,
      });

    it('accepts the padded, unpadded and standard-base64 forms of the same v1 signature', () => {
      const urlSafe = 'P_WRgl8oiBcWFc7DbLDnmH_9tx5YQIgDI-0iqW-VVq8=';
      expect(check(urlSafe)).to.deep.equal({ ok: true });
      expect(check(urlSafe.replace(/=$/, ''))).to.deep.equal({ ok: true });
      expect(check(urlSafe.replace(/_/g, '/').replace(/-/g, '+'))).to.deep.equal({ ok: true });
    });

    it('accepts a standard-base64 `+` that form-decoding turned into a space', () => {
      expect(check('P/WRgl8oiBcWFc7DbLDnmH/9tx5YQIgDI 0iqW VVq8=')).to.deep.equal({ ok: true });
    });

    it('rejects a one-character change', () => {
      expect(check('P_WRgl8oiBcWFc7DbLDnmH_9tx5YQIgDI-0iqW-VVq9=')).to.deep.equal({
        ok: false,
        reason: 'signature',
      });
    });
  });
});
