/**
 * The subscribe machine's small pure helpers: backoff delays, the de-duplication window and failure classes
 * (docs/protocol.md §5, §8.3).
 */
import {
  admitMessages,
  backoffDelay,
  checkRetryPolicy,
  classifyFailure,
  DEFAULT_RETRY,
  EMPTY_DEDUPE_WINDOW,
  encodeQuery,
  isTimetoken,
  PubnubAbortError,
  PubnubAccessDeniedError,
  PubnubMalformedResponseError,
  PubnubNetworkError,
  PubnubServiceError,
  PubnubTimeoutError,
  PubnubValidationError,
  retriesExhausted,
} from '@pubkit/core/internal';
import { expect } from 'chai';

/** The identities a window holds, oldest first (its slice of the shared log). */
function idsOf(window: { readonly log: readonly string[]; readonly start: number; readonly end: number }): string[] {
  return window.log.slice(window.start, window.end);
}

describe('core/subscribe: backoffDelay', () => {
  it('doubles from the base, caps at the max, and adds up to jitterMs on top (the rule RetryOptions documents)', () => {
    const policy = { baseDelayMs: 1000, maxDelayMs: 8000, jitterMs: 1000 };
    expect([0, 1, 2, 3, 4, 50].map((n) => backoffDelay(n, 0, policy))).to.deep.equal([
      1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, 0.999, policy))).to.deep.equal([1999, 2999, 4999, 8999, 8999]);
    expect(backoffDelay(10_000, 0.5)).to.equal(32_500);
    expect(backoffDelay(3, 0.5, { ...policy, jitterMs: 0 })).to.equal(8000);
    expect(backoffDelay(3, 0.5, { baseDelayMs: 0, maxDelayMs: 0, jitterMs: 10 })).to.equal(5);
  });

  it('refuses a policy that is not 0 <= base <= max with jitter >= 0; checkRetryPolicy also checks maxAttempts', () => {
    expect(() => backoffDelay(0, 0, { baseDelayMs: -1, maxDelayMs: 1, jitterMs: 0 })).to.throw(RangeError);
    expect(() => backoffDelay(0, 0, { baseDelayMs: 5, maxDelayMs: 1, jitterMs: 0 })).to.throw(RangeError);
    expect(() => backoffDelay(0, 0, { baseDelayMs: 1, maxDelayMs: 1, jitterMs: -1 })).to.throw(RangeError);
    expect(() => checkRetryPolicy({ ...DEFAULT_RETRY, maxAttempts: -1 })).to.throw(RangeError);
    expect(() => checkRetryPolicy({ ...DEFAULT_RETRY, maxAttempts: 1.5 })).to.throw(RangeError);
    expect(checkRetryPolicy(DEFAULT_RETRY)).to.equal(DEFAULT_RETRY);
    expect(checkRetryPolicy({ ...DEFAULT_RETRY, maxAttempts: 0 }).maxAttempts).to.equal(0);
  });

  it('retriesExhausted: the failure that brings the run to maxAttempts; 0 and 1 never retry', () => {
    expect([1, 2, 3].map((n) => retriesExhausted(n, { maxAttempts: 3 }))).to.deep.equal([false, false, true]);
    expect(retriesExhausted(1, { maxAttempts: 0 })).to.equal(true);
    expect(retriesExhausted(1, { maxAttempts: 1 })).to.equal(true);
    expect(retriesExhausted(1e9, { maxAttempts: Number.POSITIVE_INFINITY })).to.equal(false);
  });
});

describe('core/subscribe: dedupe window', () => {
  const a = { channel: 'ch1', timetoken: '17000000000090000', publisher: 'user-1' };
  const b = { channel: 'ch1', timetoken: '17000000000090000', publisher: 'user-2' };
  const c = { channel: 'ch2', timetoken: '17000000000090000' };

  it('keeps the first of each (timetoken, channel, publisher), in order, also within one batch', () => {
    const first = admitMessages(EMPTY_DEDUPE_WINDOW, [a, b, a, c]);
    expect(first.fresh).to.deep.equal([a, b, c]);
    const again = admitMessages(first.window, [c, a, { ...a, timetoken: '17000000000090001' }]);
    expect(again.fresh).to.deep.equal([{ ...a, timetoken: '17000000000090001' }]);
  });

  it('is bounded: the oldest keys fall out; size 0 disables it', () => {
    const out = admitMessages(EMPTY_DEDUPE_WINDOW, [a, b, c], 2);
    expect(idsOf(out.window)).to.deep.equal([b.timetoken, b.channel, b.publisher, c.timetoken, c.channel, '']);
    expect(admitMessages(out.window, [a], 2).fresh).to.deep.equal([a]);
    // A later batch keeps the newest of the window in front of it, or only its own tail when it fills the window.
    const d = { channel: 'ch1', timetoken: '17000000000090001', publisher: 'user-1' };
    const e = { channel: 'ch1', timetoken: '17000000000090002' };
    const f = { channel: 'ch1', timetoken: '17000000000090003' };
    expect(idsOf(admitMessages(out.window, [d], 2).window)).to.deep.equal([
      c.timetoken,
      c.channel,
      '',
      ...['17000000000090001', 'ch1', 'user-1'],
    ]);
    expect(idsOf(admitMessages(out.window, [d, e], 2).window)).to.deep.equal([
      d.timetoken,
      d.channel,
      'user-1',
      e.timetoken,
      e.channel,
      '',
    ]);
    expect(idsOf(admitMessages(out.window, [d, e, f], 2).window)).to.deep.equal([
      e.timetoken,
      e.channel,
      '',
      f.timetoken,
      f.channel,
      '',
    ]);
    expect(admitMessages(out.window, [d, e, f], 2).fresh).to.deep.equal([d, e, f]);
    expect(admitMessages(EMPTY_DEDUPE_WINDOW, [a, a], 0).fresh).to.deep.equal([a, a]);
  });

  it('admits a batch that only moves forward as is, and checks one that goes back against the window', () => {
    const at = (timetoken: string, publisher = 'p') => ({ channel: 'ch1', timetoken, publisher });
    const live = [at('17000000000090001'), at('17000000000090002'), at('17000000000090003')];
    const first = admitMessages(EMPTY_DEDUPE_WINDOW, live);
    expect(first.fresh).to.equal(live);
    expect(first.window.newest).to.equal('17000000000090003');
    // A resume from an older cursor: the repeats are dropped, the new ones kept in wire order, also behind them.
    const resumed = [at('17000000000090002'), at('17000000000090002', 'q'), at('17000000000090004'), live[2]!];
    const again = admitMessages(first.window, resumed);
    expect(again.fresh).to.deep.equal([resumed[1], resumed[2]]);
    expect(again.window.newest).to.equal('17000000000090004');
    // Longer is later: 18 digits come after 17, whatever the characters (numeric order without BigInt).
    expect(admitMessages(again.window, [at('100000000000000000')]).fresh).to.have.length(1);
    expect(admitMessages(first.window, []).window).to.equal(first.window);
    expect(first.window).to.not.equal(EMPTY_DEDUPE_WINDOW);
    expect(idsOf(EMPTY_DEDUPE_WINDOW)).to.deep.equal([]);
  });

  it('shares one append-only log along a chain of windows, never changing what an older window holds', () => {
    const at = (n: number) => ({ channel: `ch${n % 3}`, timetoken: String(17000000000090000 + n), publisher: 'p' });
    const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => at(from + i));
    let window = admitMessages(EMPTY_DEDUPE_WINDOW, batch(0, 3), 4).window;
    const logs = new Set<readonly string[]>([window.log]);
    const kept: { window: typeof window; ids: string[] }[] = [];
    for (let n = 3; n < 60; n += 3) {
      kept.push({ window, ids: idsOf(window) });
      window = admitMessages(window, batch(n, 3), 4).window;
      logs.add(window.log);
      // The newest 4 identities, whatever log they sit in; the log stays 4 windows long (bounded).
      expect(idsOf(window)).to.deep.equal(batch(n - 1, 4).flatMap((m) => [m.timetoken, m.channel, 'p']));
      expect(window.log.length).to.equal(4 * 3 * 4);
    }
    // Fewer logs than responses: most batches were appended in place.
    expect(logs.size).to.be.lessThan(8);
    for (const { window: old, ids } of kept) expect(idsOf(old)).to.deep.equal(ids);
    // A branch: a second window made from an older one gets a log of its own and still sees the older one's ids.
    const older = kept[kept.length - 2]!;
    const branch = admitMessages(older.window, [at(1000)], 4);
    expect(branch.window.log).to.not.equal(older.window.log);
    expect(idsOf(branch.window)).to.deep.equal([...older.ids.slice(3), ...[at(1000).timetoken, 'ch1', 'p']]);
    expect(idsOf(older.window)).to.deep.equal(older.ids);
    expect(admitMessages(branch.window, [at(53)], 4).fresh).to.deep.equal([]);
    expect(admitMessages(window, [at(57)], 4).fresh).to.deep.equal([]);
  });
});

describe('core/subscribe: classifyFailure', () => {
  const service = (status: number, json?: unknown) =>
    new PubnubServiceError('x', json === undefined ? { status, body: '' } : { status, body: '', json });

  it('timeout; transient for network, 408, 429, 5xx (also as JSON status on HTTP 200) and non-service bodies', () => {
    expect(classifyFailure(new PubnubTimeoutError(1))).to.equal('timeout');
    for (const e of [
      new PubnubNetworkError('ECONNRESET'),
      service(408),
      service(429),
      service(500),
      service(503),
      service(200, { status: 503, message: 'Service Unavailable', error: 1, service: 'Presence' }),
      new PubnubMalformedResponseError('html', { status: 200, body: '<html>' }),
    ]) {
      expect(classifyFailure(e), e.message).to.equal('transient');
    }
  });

  it('fatal for 400, 403, 404, 413, 414, validation, an unexpected abort and non-pubkit errors', () => {
    for (const e of [
      service(400),
      new PubnubAccessDeniedError('denied', { status: 403, body: '' }),
      service(404),
      service(413),
      service(414),
      new PubnubValidationError('channels', 'bad'),
      new PubnubAbortError(),
      new TypeError('bug'),
    ]) {
      expect(classifyFailure(e), e.message).to.equal('fatal');
    }
  });
});

describe('core: the per-poll helpers (isTimetoken, encodeQuery)', () => {
  it('isTimetoken: 1–20 ASCII digits, nothing else', () => {
    for (const ok of ['0', '17000000000090000', '12345678901234567890']) expect(isTimetoken(ok), ok).to.equal(true);
    for (const bad of ['', '123456789012345678901', '17e3', ' 1', '1 ', '-1', '١٢', 17000, null, undefined]) {
      expect(isTimetoken(bad), String(bad)).to.equal(false);
    }
  });

  it('encodeQuery: own keys in insertion order, strict encoding, no leading ?', () => {
    expect(encodeQuery({})).to.equal('');
    expect(encodeQuery({ tt: '1', tr: '2', uuid: "a b!'()*~", 'filter-expr': 'x==1' })).to.equal(
      'tt=1&tr=2&uuid=a%20b%21%27%28%29%2A%7E&filter-expr=x%3D%3D1',
    );
    expect(encodeQuery(Object.assign(Object.create({ inherited: 'x' }) as object, { a: '1' }))).to.equal('a=1');
  });
});
