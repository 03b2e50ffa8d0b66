/**
 * `sign()` beyond the vectors (docs/architecture.md §4: a pure step returning a new request; docs/protocol.md §6.2).
 */
import {
  type PnRequest,
  PubnubValidationError,
  sign,
  signatureV2,
  stringToSignV1,
  stringToSignV2,
  v1ThirdLine,
  verifySignature,
} from '@pubkit/core/internal';
import { expect } from 'chai';
import { nodeCrypto } from '../support/fixed-env.js';

const keys = { subscribeKey: 'sub', publishKey: 'pub', secretKey: 'sec' };
const NOW = 1795882483;

const publish: PnRequest = Object.freeze({
  operation: 'publish',
  method: 'GET',
  path: '/publish/pub/sub/0/ch1/0/%22signed%22',
  query: Object.freeze({
    uuid: 'user-1',
    requestid: '457c1976-1692-4b30-89e0-f8e371556cff',
    pnsdk: 'PubNub-JS-Nodejs/10.2.9',
  }),
  headers: Object.freeze({}),
  timeoutMs: 15000,
});

describe('sign', () => {
  it('returns a new request with timestamp then signature appended, leaving the input untouched', () => {
    const before = JSON.stringify(publish);
    const signed = sign(publish, keys, NOW, nodeCrypto);
    expect(signed).not.to.equal(publish);
    expect(JSON.stringify(publish)).to.equal(before);
    expect(Object.keys(signed.query)).to.deep.equal(['uuid', 'requestid', 'pnsdk', 'timestamp', 'signature']);
    expect(signed.query.timestamp).to.equal(String(NOW));
    expect(signed.query.signature).to.equal('v2.Qtwi8wOzpDN8_ee0-50zFtj2qdiYnndfo-PAhPdZxto'); // S12
    expect({ ...signed, query: publish.query }).to.deep.equal(publish);
  });

  it('never places the secret key in the request', () => {
    const secret = 'sec-c-very-secret';
    const signed = sign({ ...publish, method: 'POST', body: '"x"' }, { ...keys, secretKey: secret }, NOW, nodeCrypto);
    expect(JSON.stringify(signed)).not.to.contain(secret);
  });

  it('replaces an earlier timestamp and signature (re-signing a retried request)', () => {
    const once = sign(publish, keys, NOW - 100, nodeCrypto);
    const twice = sign(once, keys, NOW, nodeCrypto);
    expect(twice.query).to.deep.equal(sign(publish, keys, NOW, nodeCrypto).query);
  });

  it('signs a POST /publish as GET without body (S11), so the body does not change the signature', () => {
    const post: PnRequest = { ...publish, method: 'POST', path: '/publish/pub/sub/0/ch1/0', body: '"signedpost"' };
    const a = sign(
      { ...post, query: { ...post.query, requestid: 'e82c54c8-bf92-4fa1-8f6c-4321ef8663c9' } },
      keys,
      NOW,
      nodeCrypto,
    );
    expect(a.query.signature).to.equal('v2.KzXg0r74O0DpvgxN_NYZed_FE7bVxkJPiz5VH8tii7g');
    const b = sign({ ...post, body: '"other"' }, keys, NOW, nodeCrypto);
    const c = sign({ ...post, body: '"third"' }, keys, NOW, nodeCrypto);
    expect(b.query.signature).to.equal(c.query.signature);
  });

  it('signs the method and body of any other POST', () => {
    const post: PnRequest = {
      ...publish,
      operation: 'grant',
      method: 'POST',
      path: '/v3/pam/sub/grant',
      body: '{"ttl":5}',
    };
    const signed = sign(post, keys, NOW, nodeCrypto);
    const text = stringToSignV2({
      method: 'POST',
      publishKey: 'pub',
      path: post.path,
      query: signed.query,
      body: '{"ttl":5}',
    });
    expect(signed.query.signature).to.equal(signatureV2('sec', text, nodeCrypto));
  });

  it('signs the body of a PATCH (App Context sets, docs/protocol.md §14), so a changed body fails the check', () => {
    const patch: PnRequest = {
      ...publish,
      operation: 'setUUIDMetadata',
      method: 'PATCH',
      path: '/v2/objects/sub/uuids/u1',
      body: '{"name":"Ann"}',
    };
    const signed = sign(patch, keys, NOW, nodeCrypto);
    const text = stringToSignV2({
      method: 'PATCH',
      publishKey: 'pub',
      path: patch.path,
      query: signed.query,
      body: patch.body,
    });
    expect(signed.query.signature).to.equal(signatureV2('sec', text, nodeCrypto));
    const check = (body: string) =>
      verifySignature({
        method: 'PATCH',
        rawPath: patch.path,
        query: signed.query,
        body,
        keys,
        nowSec: NOW,
        crypto: nodeCrypto,
      });
    expect(check('{"name":"Ann"}')).to.deep.equal({ ok: true });
    expect(check('{"name":"Eve"}')).to.not.deep.equal({ ok: true });
  });

  it('produces requests verifySignature accepts (GET, POST publish, other POST)', () => {
    const requests: PnRequest[] = [
      publish,
      { ...publish, method: 'POST', path: '/publish/pub/sub/0/ch1/0', body: '{"n":3}' },
      { ...publish, operation: 'grant', method: 'POST', path: '/v3/pam/sub/grant', body: '{"ttl":5}' },
      { ...publish, query: { ...publish.query, 'channel-group': "a~b!c*d'e(f)g h+é" } },
    ];
    for (const request of requests) {
      const signed = sign(request, keys, NOW, nodeCrypto);
      const verdict = verifySignature({
        method: signed.method,
        rawPath: signed.path,
        query: signed.query,
        body: signed.body,
        keys,
        nowSec: NOW + 30,
        crypto: nodeCrypto,
      });
      expect(verdict, request.path).to.deep.equal({ ok: true });
    }
  });

  it('throws PubnubValidationError for an empty secret or a non-integer time', () => {
    expect(() => sign(publish, { ...keys, secretKey: '' }, NOW, nodeCrypto))
      .to.throw(PubnubValidationError)
      .with.property('field', 'secretKey');
    for (const bad of [NOW + 0.5, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => sign(publish, keys, bad, nodeCrypto))
        .to.throw(PubnubValidationError)
        .with.property('field', 'nowSec');
    }
  });
});

describe('stringToSignV1 / stringToSignV2', () => {
  it('v1 third line: grant/audit for PAM paths (v1 and v2), revoke is a grant, else the raw path', () => {
    expect(v1ThirdLine('/v1/auth/grant/sub-key/sub')).to.equal('grant');
    expect(v1ThirdLine('/v2/auth/audit/sub-key/sub')).to.equal('audit');
    expect(v1ThirdLine('/v2/auth/grant')).to.equal('grant');
    expect(v1ThirdLine('/v3/auth/grant/sub-key/sub')).to.equal('/v3/auth/grant/sub-key/sub');
    expect(v1ThirdLine('/v1/auth/granted/x')).to.equal('/v1/auth/granted/x');
    expect(v1ThirdLine('/publish/pub/sub/0/ch%201/0/%22x%22')).to.equal('/publish/pub/sub/0/ch%201/0/%22x%22');
  });

  it('encodes query values strictly and sorts keys by code unit, ignoring signature', () => {
    const query = { b: "~!*'() é", B: 'x', a: '', signature: 'ignored' };
    expect(stringToSignV1({ subscribeKey: 's', publishKey: 'p', path: '/time/0', query })).to.equal(
      's\np\n/time/0\nB=x&a=&b=%7E%21%2A%27%28%29%20%C3%A9',
    );
    expect(stringToSignV2({ method: 'post', publishKey: 'p', path: '/x', query, body: '{}' })).to.equal(
      'POST\np\n/x\nB=x&a=&b=%7E%21%2A%27%28%29%20%C3%A9\n{}',
    );
  });
});
