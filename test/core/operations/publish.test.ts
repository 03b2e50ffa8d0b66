/** publish, fire, signal: requests against the captured traces (docs/protocol.md §9), parsers against recorded bodies. */
import {
  buildFire,
  buildPublish,
  buildSignal,
  PubnubAccessDeniedError,
  PubnubServiceError,
  PubnubValidationError,
  parsePublish,
  parseSignal,
} from '@pubkit/core';
import { expect } from 'chai';
import { authCtx, ctx, realCipher, res, stubCipher, thrown, wire } from './helpers.js';

describe('operations/publish', () => {
  describe('buildPublish', () => {
    it('encodes the message like the current JS SDK trace (docs/protocol.md §8.7, §9.1)', () => {
      // The trace used channel `ch 1/é`, which pubkit refuses (next test); the message segment is the same.
      const req = buildPublish(
        { channel: 'ch1', message: { text: "it's ~*!()", n: 1 }, store: false, ttl: 2, meta: { m: 1 } },
        ctx,
      );
      expect(req.method).to.equal('GET');
      expect(req.path).to.equal(
        '/publish/pub/sub/0/ch1/0/%7B%22text%22%3A%22it%27s%20%7E%2A%21%28%29%22%2C%22n%22%3A1%7D',
      );
      expect(wire(req)).to.match(/\?store=0&ttl=2&meta=%7B%22m%22%3A1%7D&uuid=user-1&pnsdk=/);
      expect(req.headers).to.deep.equal({});
      expect(req.timeoutMs).to.equal(ctx.requestTimeoutMs);
    });

    it('refuses the trace channel `ch 1/é` (space and slash, docs/protocol.md §8.5)', () => {
      const err = thrown(() => buildPublish({ channel: 'ch 1/é', message: { n: 1 } }, ctx));
      expect(err).to.be.instanceOf(PubnubValidationError);
      expect((err as PubnubValidationError).field).to.equal('channel');
    });

    it('percent-encodes a non-ASCII channel name as UTF-8', () => {
      expect(buildPublish({ channel: 'é', message: 1 }, ctx).path).to.equal('/publish/pub/sub/0/%C3%A9/0/1');
    });

    it('sends store=1 only when asked, and norep=true only when replicate is false (docs/protocol.md §2.2)', () => {
      expect(buildPublish({ channel: 'ch1', message: 'x' }, ctx).query).to.not.have.any.keys('store', 'norep');
      expect(buildPublish({ channel: 'ch1', message: 'x', store: true }, ctx).query.store).to.equal('1');
      expect(buildPublish({ channel: 'ch1', message: 'x', replicate: true }, ctx).query).to.not.have.key('norep');
      expect(buildPublish({ channel: 'ch1', message: 'x', replicate: false }, ctx).query.norep).to.equal('true');
    });

    it('POSTs the JSON as an application/json body on a path without the message (docs/protocol.md §9.1)', () => {
      const req = buildPublish({ channel: 'ch1', message: { n: 3 }, sendByPost: true }, ctx);
      expect(req.method).to.equal('POST');
      expect(wire(req)).to.match(/^\/publish\/pub\/sub\/0\/ch1\/0\?uuid=user-1&pnsdk=/);
      expect(req.body).to.equal('{"n":3}');
      expect(req.headers).to.deep.equal({ 'Content-Type': 'application/json' });
    });

    it('adds auth when the context has an auth key (docs/protocol.md §1.3, §9.2)', () => {
      const req = buildPublish({ channel: 'ch1', message: 'signed' }, authCtx);
      expect(wire(req)).to.equal('/publish/pub/sub/0/ch1/0/%22signed%22?uuid=user-1&pnsdk=PubKit-Node%2F0.1.0&auth=ak');
    });

    it('publishes the C16 cipher text as a JSON string with the real static-IV cipher (docs/protocol.md §7.4, §9.1)', () => {
      const req = buildPublish(
        { channel: 'ch1', message: { such: 'object' } },
        { ...ctx, cipher: realCipher('myCipherKey') },
      );
      expect(req.path).to.equal('/publish/pub/sub/0/ch1/0/%22toDEeIZkmIyoiLpSojGu7n3%2B2t1rn7%2FDsrEZ1r8JKR4%3D%22');
    });

    it('publishes whatever the cipher returns, JSON-quoted (stub cipher, C16)', () => {
      const cipher = stubCipher({ '{"such":"object"}': 'toDEeIZkmIyoiLpSojGu7n3+2t1rn7/DsrEZ1r8JKR4=' });
      const req = buildPublish({ channel: 'ch1', message: { such: 'object' } }, { ...ctx, cipher });
      expect(req.path).to.equal('/publish/pub/sub/0/ch1/0/%22toDEeIZkmIyoiLpSojGu7n3%2B2t1rn7%2FDsrEZ1r8JKR4%3D%22');
    });

    it('accepts 0, false, "" and null as messages', () => {
      expect(buildPublish({ channel: 'ch1', message: 0 }, ctx).path).to.match(/\/0\/ch1\/0\/0$/);
      expect(buildPublish({ channel: 'ch1', message: false }, ctx).path).to.match(/\/false$/);
      expect(buildPublish({ channel: 'ch1', message: '' }, ctx).path).to.match(/\/%22%22$/);
      expect(buildPublish({ channel: 'ch1', message: null }, ctx).path).to.match(/\/null$/);
      expect(buildPublish({ channel: 'ch1', message: 0, sendByPost: true }, ctx).body).to.equal('0');
    });

    it('refuses a meta that is not an object, a bad ttl and a missing publish key', () => {
      const field = (fn: () => unknown) => (thrown(fn) as PubnubValidationError).field;
      expect(field(() => buildPublish({ channel: 'c', message: 1, meta: [1] as never }, ctx))).to.equal('meta');
      expect(field(() => buildPublish({ channel: 'c', message: 1, meta: { f: () => 1 } }, ctx))).to.equal('meta');
      expect(field(() => buildPublish({ channel: 'c', message: 1, ttl: -1 }, ctx))).to.equal('ttl');
      expect(field(() => buildPublish({ channel: 'c', message: 1, ttl: Number.NaN }, ctx))).to.equal('ttl');
      expect(field(() => buildPublish({ channel: 'c', message: 1 }, { ...ctx, publishKey: '' }))).to.equal(
        'publishKey',
      );
    });
  });

  describe('buildFire', () => {
    it('is publish with store=0&norep=true (docs/protocol.md §9.1)', () => {
      const req = buildFire({ channel: 'ch1', message: 'x' }, ctx);
      expect(wire(req)).to.match(/^\/publish\/pub\/sub\/0\/ch1\/0\/%22x%22\?store=0&norep=true&uuid=user-1&/);
      expect(req.operation).to.equal('publish');
    });
  });

  describe('buildSignal', () => {
    it('builds /signal/… like the trace, unencrypted even with a cipher (docs/protocol.md §9.1, §2.4)', () => {
      const cipher = stubCipher({});
      const req = buildSignal({ channel: 'ch1', message: 'sig' }, { ...ctx, cipher });
      expect(req.operation).to.equal('signal');
      expect(wire(req)).to.match(/^\/signal\/pub\/sub\/0\/ch1\/0\/%22sig%22\?uuid=user-1&pnsdk=/);
    });
  });

  describe('parsePublish', () => {
    it('reads the recorded success body as a typed tuple (docs/protocol.md §2.2)', () => {
      expect(parsePublish(res('[1,"Sent","14375220012064619"]'))).to.deep.equal([1, 'Sent', '14375220012064619']);
      expect(parseSignal(res('[1,"Sent","14375220012064619"]'))).to.deep.equal([1, 'Sent', '14375220012064619']);
    });

    it('keeps timetokens that differ only in the last digit distinct', () => {
      expect(parsePublish(res('[1,"Sent","14375220012064619"]'))[2]).to.not.equal(
        parsePublish(res('[1,"Sent","14375220012064618"]'))[2],
      );
      // a server that sends the token as a bare number is read exactly too
      expect(parsePublish(res('[1,"Sent",14375220012064618]'))[2]).to.equal('14375220012064618');
    });

    it('turns 400 [0,"Invalid Key",…] into a PubnubServiceError with the upstream body (docs/protocol.md §5)', () => {
      const err = thrown(() => parsePublish(res('[0,"Invalid Key","14707240653092162"]', 400)));
      expect(err).to.be.instanceOf(PubnubServiceError).and.not.instanceOf(PubnubAccessDeniedError);
      const e = err as PubnubServiceError;
      expect(e.message).to.contain('Invalid Key');
      expect(e.upstream.status).to.equal(400);
      expect(e).to.not.have.property('status');
    });

    it('turns the 403 Forbidden JSON into a PubnubAccessDeniedError naming the channel (docs/protocol.md §4.4)', () => {
      const body =
        '{"message":"Forbidden","payload":{"channels":["not_permitted_channel"]},"error":true,"service":"Access Manager","status":403}';
      const err = thrown(() => parsePublish(res(body, 403)));
      expect(err).to.be.instanceOf(PubnubAccessDeniedError);
      expect((err as PubnubAccessDeniedError).channels).to.deep.equal(['not_permitted_channel']);
    });

    it('turns 413 [0,"Request Entity Too Large"] into a PubnubServiceError (docs/protocol.md §5)', () => {
      const err = thrown(() => parsePublish(res('[0,"Request Entity Too Large"]', 413)));
      expect(err).to.be.instanceOf(PubnubServiceError);
      expect((err as PubnubServiceError).upstream.status).to.equal(413);
    });

    it('turns 400 Invalid Subscribe Key JSON into a PubnubServiceError (docs/protocol.md §5)', () => {
      const body = '{"message":"Invalid Subscribe Key","error":true,"service":"Access Manager","status":400}';
      expect(thrown(() => parsePublish(res(body, 400)))).to.be.instanceOf(PubnubServiceError);
    });
  });
});
