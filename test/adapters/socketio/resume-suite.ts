/**
 * History on join: `since` resumes without loss or duplicates, `historyOnJoin` replays the newest messages, and a
 * resume longer than one history page says so with a `gap` status. Run against every transport.
 */
import { expect } from 'chai';
import { type StartHarness, useFakeBridge } from './relay-suite.js';

/** Registers the resume suite for one transport. */
export function resumeSuite(start: StartHarness): void {
  const bridge = useFakeBridge(start);

  it('resumes after `since`: the missed messages, then live ones, each once', async () => {
    const h = await bridge.open();
    const tokens = [1, 2, 3, 4, 5].map((n) => bridge.fake.inject('room', `m${n}`));
    // A publish that lands while the history page is read is both in the page and in the live stream.
    bridge.fake.onHistory = () => {
      bridge.fake.onHistory = undefined;
      bridge.fake.inject('room', 'm6');
    };
    const alice = await h.connect('alice');
    const reply = await alice.request('subscribe', { channels: ['room'], since: tokens[1] });
    expect(reply.error).to.equal(null);
    bridge.fake.inject('room', 'm7');
    await alice.log.waitFor('message', (p) => p.message === 'm7');
    expect(alice.log.messages('room')).to.deep.equal(['m3', 'm4', 'm5', 'm6', 'm7']);
    const timetokens = alice.log.of('message').map((p) => p.timetoken);
    expect(timetokens.slice(0, 3)).to.deep.equal(tokens.slice(2));
  });

  it('replays the newest historyOnJoin messages to a socket joining without since', async () => {
    const h = await bridge.open({ historyOnJoin: 2 });
    for (const n of [1, 2, 3]) bridge.fake.inject('room', `m${n}`);
    const alice = await h.connect('alice');
    await alice.request('subscribe', { channels: ['room'] });
    bridge.fake.inject('room', 'm4');
    await alice.log.waitFor('message', (p) => p.message === 'm4');
    expect(alice.log.messages('room')).to.deep.equal(['m2', 'm3', 'm4']);
  });

  it('resumes a span longer than one history page: every missed message, in order, no gap', async () => {
    const h = await bridge.open();
    const first = bridge.fake.inject('room', 'm0');
    for (let n = 1; n <= 250; n++) bridge.fake.inject('room', `m${n}`);
    const alice = await h.connect('alice');
    await alice.request('subscribe', { channels: ['room'], since: first });
    bridge.fake.inject('room', 'live');
    await alice.log.waitFor('message', (p) => p.message === 'live');
    const got = alice.log.messages('room');
    expect(got).to.deep.equal([...Array.from({ length: 250 }, (_, i) => `m${i + 1}`), 'live']);
    expect(alice.log.of('status')).to.deep.equal([]);
  });

  it('sends a gap status when more was missed than maxResume', async () => {
    const h = await bridge.open({ maxResume: 50 });
    const first = bridge.fake.inject('room', 'm0');
    for (let n = 1; n <= 120; n++) bridge.fake.inject('room', `m${n}`);
    const alice = await h.connect('alice');
    await alice.request('subscribe', { channels: ['room'], since: first });
    const status = await alice.log.waitFor('status');
    expect(status).to.deep.equal({ category: 'gap', channel: 'room', reason: 'history-limit' });
    expect(alice.log.messages('room')).to.deep.equal(Array.from({ length: 50 }, (_, i) => `m${i + 71}`));
  });

  it('keeps the subscription when the history read fails, and reports a gap', async () => {
    const h = await bridge.open({ historyOnJoin: 5 });
    bridge.fake.onHistory = () => {
      throw new Error('history is down');
    };
    const alice = await h.connect('alice');
    expect((await alice.request('subscribe', { channels: ['room'] })).result).to.deep.equal({ channels: ['room'] });
    expect(await alice.log.waitFor('status')).to.include({ category: 'gap', reason: 'history-failed' });
    bridge.fake.inject('room', 'live');
    await alice.log.waitFor('message', (p) => p.message === 'live');
  });
}
