import { expect } from 'chai';
import { enc, fakeClock, type Harness, harness } from './helpers.js';

const T0 = 1_700_000_000_000;
/** Token of the n-th publish (0-based) with the clock advanced 1 ms between publishes. */
const tt = (n: number) => `${T0 + n}0000`;

describe('server: history v2 (docs/protocol.md §2.5)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function publishFive(options = {}) {
    const clock = fakeClock(T0);
    h = await harness({ clock, ...options });
    for (let i = 0; i < 5; i++) {
      await h.get(`/publish/pub/sub/0/ch1/0/${enc(`m${i}`)}?meta=${enc({ i })}`);
      clock.ms += 1;
    }
    return clock;
  }
  const messages = async (q: string) =>
    ((await h.get(`/v2/history/sub-key/sub/channel/ch1?${q}`)).json as unknown[][])[0];

  it('answers [[],0,0] when empty', async () => {
    h = await harness();
    expect((await h.get('/v2/history/sub-key/sub/channel/none?count=10')).text).to.equal('[[],0,0]');
  });

  it('returns the newest count oldest-first, with start/end of the page as bare numbers', async () => {
    await publishFive();
    const r = await h.get('/v2/history/sub-key/sub/channel/ch1?count=3');
    expect(r.text).to.equal(`[["m2","m3","m4"],${tt(2)},${tt(4)}]`);
  });

  it('include_token / include_meta / stringtoken / string_message_token', async () => {
    await publishFive();
    const base = '/v2/history/sub-key/sub/channel/ch1?count=1';
    expect((await h.get(`${base}&include_token=true`)).text).to.equal(
      `[[{"message":"m4","timetoken":${tt(4)}}],${tt(4)},${tt(4)}]`,
    );
    expect((await h.get(`${base}&include_token=true&include_meta=true&string_message_token=true`)).text).to.equal(
      `[[{"message":"m4","timetoken":"${tt(4)}","meta":{"i":4}}],"${tt(4)}","${tt(4)}"]`,
    );
    expect((await h.get(`${base}&stringtoken=true`)).text).to.equal(`[["m4"],"${tt(4)}","${tt(4)}"]`);
  });

  it('reverse gives the oldest count; start is exclusive, end inclusive', async () => {
    await publishFive();
    expect(await messages('count=2&reverse=true')).to.deep.equal(['m0', 'm1']);
    expect(await messages(`count=10&start=${tt(3)}`)).to.deep.equal(['m0', 'm1', 'm2']);
    expect(await messages(`count=1&start=${tt(3)}`)).to.deep.equal(['m2']);
    expect(await messages(`count=10&start=${tt(1)}&reverse=true`)).to.deep.equal(['m2', 'm3', 'm4']);
    expect(await messages(`count=10&end=${tt(3)}`)).to.deep.equal(['m3', 'm4']);
    expect(await messages(`count=10&start=${tt(4)}&end=${tt(1)}`)).to.deep.equal(['m1', 'm2', 'm3']);
    expect(await messages(`count=10&start=${tt(1)}&end=${tt(4)}&reverse=true`)).to.deep.equal(['m2', 'm3', 'm4']);
  });

  it('clamps count to 100 and keeps at most historySize per channel', async () => {
    h = await harness({ historySize: 120 });
    for (let i = 0; i < 130; i++) await h.get(`/publish/pub/sub/0/big/0/${i}`);
    const all = ((await h.get('/v2/history/sub-key/sub/channel/big?count=500')).json as number[][])[0]!;
    expect(all).to.have.length(100);
    expect(all[99]).to.equal(129);
    const oldest = ((await h.get('/v2/history/sub-key/sub/channel/big?count=100&reverse=true')).json as number[][])[0]!;
    expect(oldest[0]).to.equal(10);
  });

  it('expires messages published with ttl (hours) on the injected clock', async () => {
    const clock = fakeClock(T0);
    h = await harness({ clock });
    await h.get(`/publish/pub/sub/0/ch1/0/${enc('short')}?ttl=1`);
    await h.get(`/publish/pub/sub/0/ch1/0/${enc('kept')}`);
    clock.ms += 3_600_001;
    expect(await messages('count=10')).to.deep.equal(['kept']);
  });
});
