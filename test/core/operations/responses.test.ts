/**
 * How every messaging parser classifies a response it cannot use (docs/protocol.md §1.4, §5, quirks 7–8): the same rules
 * through time, publish, subscribe (v2 and v1) and history, so no parser can drift.
 */
import {
  type PnResponse,
  PubnubAccessDeniedError,
  PubnubMalformedResponseError,
  PubnubServiceError,
  parseHistory,
  parsePublish,
  parseSubscribe,
  parseSubscribeV1,
  parseTime,
} from '@pubkit/core';
import { expect } from 'chai';
import { res, thrown } from './helpers.js';

const PARSERS: Array<[string, (r: PnResponse) => unknown]> = [
  ['time', parseTime],
  ['publish', parsePublish],
  ['subscribe', (r) => parseSubscribe(r)],
  ['subscribe v1', (r) => parseSubscribeV1(r, ['ch1'])],
  ['history', (r) => parseHistory(r)],
];

// Verbatim bodies from docs/protocol.md §5.
const FEATURE_OFF_402 =
  '{"status": 402, "error": 1, "message": "This feature is not turned on for this account. Contact support@pubnub.com to activate this feature.", "service": "Presence"}';
const UNAVAILABLE_503 = '{"status": 503, "message": "Service Unavailable", "error": 1, "service": "Presence"}';
const FORBIDDEN_403 =
  '{"message":"Forbidden","payload":{"channels":["ch"]},"error":true,"service":"Access Manager","status":403}';
const HTML_PROXY = '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

describe('operations: response classification', () => {
  for (const [name, parse] of PARSERS) {
    describe(name, () => {
      it('treats a JSON status 402 sent with HTTP 200 as a PubnubServiceError (docs/protocol.md §5, quirk 8)', () => {
        const err = thrown(() => parse(res(FEATURE_OFF_402)));
        expect(err).to.be.instanceOf(PubnubServiceError).and.not.instanceOf(PubnubAccessDeniedError);
        expect((err as PubnubServiceError).message).to.contain('This feature is not turned on');
        expect((err as PubnubServiceError).operation).to.be.a('string');
      });

      it('turns 503 into a PubnubServiceError carrying the upstream status', () => {
        const err = thrown(() => parse(res(UNAVAILABLE_503, 503)));
        expect(err).to.be.instanceOf(PubnubServiceError);
        expect((err as PubnubServiceError).upstream.status).to.equal(503);
      });

      it('turns 403 into a PubnubAccessDeniedError', () => {
        expect(thrown(() => parse(res(FORBIDDEN_403, 403)))).to.be.instanceOf(PubnubAccessDeniedError);
      });

      it('turns an HTML proxy page with HTTP 200 into a PubnubMalformedResponseError', () => {
        const err = thrown(() => parse(res(HTML_PROXY, 200, { 'content-type': 'text/html' })));
        expect(err).to.be.instanceOf(PubnubMalformedResponseError);
        expect((err as PubnubMalformedResponseError).message).to.contain('HTML');
      });

      it('turns truncated JSON and an empty body into a PubnubMalformedResponseError', () => {
        expect(thrown(() => parse(res('{"t":{"t":"14818869688928592","r":1')))).to.be.instanceOf(
          PubnubMalformedResponseError,
        );
        expect(thrown(() => parse(res('[[1,2],14820999261')))).to.be.instanceOf(PubnubMalformedResponseError);
        expect(thrown(() => parse(res('')))).to.be.instanceOf(PubnubMalformedResponseError);
      });

      it('classifies an error without a content-type header by its status (the JS SDK crashes, docs/protocol.md §1.4)', () => {
        expect(thrown(() => parse(res(UNAVAILABLE_503, 503, {})))).to.be.instanceOf(PubnubServiceError);
        expect(thrown(() => parse(res('Service Unavailable', 503, {})))).to.be.instanceOf(PubnubServiceError);
      });
    });
  }

  it('reads success bodies without a content-type header', () => {
    const none = {};
    expect(parseTime(res('[14818963707386265]', 200, none))).to.equal('14818963707386265');
    expect(parsePublish(res('[1,"Sent","14375220012064619"]', 200, none))[2]).to.equal('14375220012064619');
    expect(parseSubscribe(res('{"t":{"t":"14607577960932487","r":1},"m":[]}', 200, none)).cursor.region).to.equal(1);
    expect(parseSubscribeV1(res('[[],"13904299143307006"]', 200, none), ['a']).cursor.timetoken).to.equal(
      '13904299143307006',
    );
    expect(parseHistory(res('[[],0,0]', 200, none)).start).to.equal('0');
  });
});
