import { expect } from 'chai';
import { channelName, until, useHarness } from './support/server.js';

describe('node client: smoke', () => {
  const h = useHarness();

  it('time, publish, subscribe', async () => {
    const client = h().client();
    const tt = await client.time();
    expect(tt).to.match(/^\d{17}$/);
    const ch = channelName();
    const got: unknown[] = [];
    let connected = false;
    const sub = client.subscribe(ch, {
      callback: (m) => got.push(m),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'connect');
    const res = await client.publish(ch, { n: 1 });
    expect(res[0]).to.equal(1);
    await until(() => got.length === 1, 'message');
    expect(got).to.deep.equal([{ n: 1 }]);
    await sub.unsubscribe();
  });

  it('time only', async () => {
    expect(await h().client().time()).to.match(/^\d{17}$/);
  });
});
