/**
 * Every parser checks the shape it reads (issue 9 item 12): answers of the wrong shape are
 * `PubnubMalformedResponseError`, never a default value; `Retry-After` on a 429/503 lands on the service error.
 */
import {
  PubnubMalformedResponseError,
  PubnubServiceError,
  parseAudit,
  parseGrant,
  parseHereNow,
  parsePublish,
  parseSetState,
  parseTime,
  parseWhereNow,
} from '@pubkit/core';
import { expect } from 'chai';
import { res } from './operations/helpers.js';

const malformedFor: Array<[string, (body: string) => unknown, string[]]> = [
  ['time', (b) => parseTime(res(b)), ['[1,"Sent","17000000000000000"]', '[]', '{}']],
  ['whereNow', (b) => parseWhereNow(res(b)), ['{}', '{"payload":{}}', '{"payload":{"channels":"a"}}']],
  [
    'hereNow',
    (b) => parseHereNow(res(b)),
    [
      '{}',
      '{"payload":{}}',
      '{"payload":{"channels":{"a":{"uuids":[]}}}}',
      '{"payload":{"channels":{},"total_occupancy":"3"}}',
      '{"occupancy":"1"}',
    ],
  ],
  ['setState', (b) => parseSetState(res(b)), ['{}', '{"payload":"x"}', '{"payload":[1]}']],
  [
    'grant',
    (b) => parseGrant(res(b)),
    [
      '{}',
      '{"payload":{}}',
      '{"payload":{"level":"channel","channels":[1]}}',
      '{"payload":{"level":"channel","ttl":"5"}}',
      '{"payload":{"level":"user","auths":7}}',
    ],
  ],
  ['audit', (b) => parseAudit(res(b)), ['{"payload":{"level":"subkey","subscribe_key":5}}']],
  ['publish', (b) => parsePublish(res(b)), ['[1,"Sent"]', '{}', '[2,"Sent","17000000000000000"]']],
];

describe('core: parsers check the shape they read', () => {
  for (const [operation, parse, bodies] of malformedFor) {
    it(`${operation}: ${bodies.length} wrong shapes are PubnubMalformedResponseError`, () => {
      for (const body of bodies) {
        expect(() => parse(body), body).to.throw(PubnubMalformedResponseError, new RegExp(`^${operation}:`));
      }
    });
  }

  it('the right shapes still parse', () => {
    expect(parseTime(res('[17000000000000000]'))).to.equal('17000000000000000');
    expect(parseWhereNow(res('{"payload":{"channels":[]}}'))).to.deep.equal({ channels: [] });
    expect(parseSetState(res('{"status":200,"payload":{"a":1}}'), { channels: ['c'] }).channels).to.deep.equal({
      c: { a: 1 },
    });
    expect(parseHereNow(res('{"payload":{"channels":{}}}')).totalOccupancy).to.equal(0);
  });

  it('Retry-After (delta-seconds) on a 429 or 503 is err.retryAfterMs; capped at 5 minutes; absent otherwise', () => {
    const failWith = (status: number, headers: Record<string, string>): PubnubServiceError => {
      try {
        parsePublish(res('{"status":429,"message":"Too Many Requests","error":true}', status, headers));
      } catch (err) {
        if (err instanceof PubnubServiceError) return err;
      }
      throw new Error('no service error');
    };
    expect(failWith(429, { 'retry-after': '7' }).retryAfterMs).to.equal(7000);
    expect(failWith(429, { 'retry-after': '7' }).message).to.match(/retry after 7 s/);
    expect(failWith(503, { 'retry-after': ' 2 ' }).retryAfterMs).to.equal(2000);
    expect(failWith(503, { 'retry-after': '999999' }).retryAfterMs).to.equal(300_000);
    expect(failWith(429, {}).retryAfterMs).to.equal(undefined);
    expect(failWith(429, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }).retryAfterMs).to.equal(undefined);
    expect(failWith(500, { 'retry-after': '7' }).retryAfterMs).to.equal(undefined);
  });
});
