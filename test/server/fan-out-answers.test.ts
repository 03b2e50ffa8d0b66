/**
 * A fan-out builds one answer for the polls that get the same bytes (server/src/subscribe-registry.ts `changed`,
 * docs/performance.md §3): same subscription, same cursor, same format, no filter. Every other poll woken by the same
 * publish still gets its own answer: another format, other channels, a group, a filter, another cursor.
 */
import { expect } from 'chai';
import { until } from '../support/until.js';
import { enc, type Harness, harness } from './helpers.js';

interface V2 {
  t: { t: string };
  m: { c: string; b: string; d: unknown }[];
}

const REG = '/v1/channel-registration/sub-key/sub/channel-group';

describe('server: one publish to many parked polls', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('answers each poll in its own format, channels, group, filter and cursor', async () => {
    h = await harness({ pollTimeoutMs: 60_000 });
    const server = h;
    await server.get(`${REG}/g?add=a`);
    await server.get('/v2/subscribe/sub/a/0'); // a handshake before the first publish
    const sent = (await server.get(`/publish/pub/sub/0/a/0/${enc('first')}`)).json as [number, string, string];
    const later = ((await server.get('/v2/subscribe/sub/a/0')).json as V2).t.t; // a cursor past 'first'
    expect(BigInt(later) > BigInt(sent[2])).to.equal(true);
    const v2 = (cursor: string, uuid: string, more = '') =>
      server.get(`/v2/subscribe/sub/a/0?tt=${cursor}&uuid=${uuid}${more}`);
    // Parked (and so woken) in this order: each poll that must not share comes right after one it could share with.
    type Pending = Promise<{ text: string; json: unknown }>;
    const polls: Record<string, Pending> = {};
    const park = async (name: string, p: Pending) => {
      polls[name] = p;
      const n = Object.keys(polls).length;
      await until(() => server.server.stats().parked === n, `poll ${name} parked`);
    };
    await park('one', v2(sent[2], 'u1'));
    await park('v1', server.get(`/subscribe/sub/a/0/${sent[2]}?uuid=u4`));
    await park('two', v2(sent[2], 'u2'));
    await park('laterCursor', v2(later, 'u3'));
    await park('twoChannels', server.get(`/v2/subscribe/sub/a,b/0?tt=${sent[2]}&uuid=u5`));
    await park('group', server.get(`/v2/subscribe/sub/,/0?channel-group=g&tt=${sent[2]}&uuid=u6`));
    await park('filterYes', v2(sent[2], 'u7', `&filter-expr=${encodeURIComponent("uuid == 'pub1'")}`));
    await park('three', v2(sent[2], 'u8'));
    await park('refused', v2(sent[2], 'u9', `&filter-expr=${encodeURIComponent("uuid == 'nobody'")}`));
    const published = (await server.get(`/publish/pub/sub/0/a/0/${enc('second')}?uuid=pub1`)).json as [
      number,
      string,
      string,
    ];
    const tt = published[2];
    const v2Of = async (p: Pending | undefined) => {
      const got = (await p!).json as V2;
      return { t: got.t.t, m: got.m.map((m) => [m.c, m.b, m.d]) };
    };
    const expected = { t: tt, m: [['a', 'a', 'second']] };
    expect(await v2Of(polls.one)).to.deep.equal(expected);
    expect(await v2Of(polls.two)).to.deep.equal(expected);
    expect(await v2Of(polls.three)).to.deep.equal(expected);
    expect((await polls.one!).text).to.equal((await polls.three!).text);
    expect(await v2Of(polls.laterCursor)).to.deep.equal(expected);
    expect(await v2Of(polls.filterYes)).to.deep.equal(expected);
    expect((await polls.v1!).json).to.deep.equal([['second'], tt, 'a']);
    expect(await v2Of(polls.twoChannels)).to.deep.equal(expected);
    expect(await v2Of(polls.group)).to.deep.equal({ t: tt, m: [['a', 'g', 'second']] });
    // The filter refused it: still parked, its cursor moved past the message.
    expect(server.server.stats().parked).to.equal(1);
    await server.get(`/publish/pub/sub/0/a/0/${enc('third')}?uuid=nobody`);
    expect((await v2Of(polls.refused)).m).to.deep.equal([['a', 'a', 'third']]);
  });

  it('a poll parked after a fan-out gets the next message, not the answer built for the last one', async () => {
    h = await harness({ pollTimeoutMs: 60_000 });
    const server = h;
    const { t } = (await server.get('/v2/subscribe/sub/a/0')).json as V2;
    const polls = [0, 1, 2].map((i) => server.get(`/v2/subscribe/sub/a/0?tt=${t.t}&uuid=u${i}`));
    await until(() => server.server.stats().parked === 3, 'three parked polls');
    await server.get(`/publish/pub/sub/0/a/0/${enc('m1')}`);
    const answers = await Promise.all(polls.map(async (p) => (await p).json as V2));
    expect(answers.map((a) => a.m.map((m) => m.d))).to.deep.equal([['m1'], ['m1'], ['m1']]);
    const next = answers.map((a, i) => server.get(`/v2/subscribe/sub/a/0?tt=${a.t.t}&uuid=u${i}`));
    await until(() => server.server.stats().parked === 3, 'three polls parked again');
    await server.get(`/publish/pub/sub/0/a/0/${enc('m2')}`);
    const again = await Promise.all(next.map(async (p) => (await p).json as V2));
    expect(again.map((a) => a.m.map((m) => m.d))).to.deep.equal([['m2'], ['m2'], ['m2']]);
  });
});
