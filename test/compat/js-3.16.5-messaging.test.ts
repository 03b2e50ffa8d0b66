/**
 * The classic JS SDK 3.16.5, unmodified, against the real `@pubkit/server` over HTTP: time, publish (GET with
 * `encodeURIComponent`'s raw `~*!()'`, POST, fire), v1 long-poll subscribe (single, multiplexed, UTF-8 channel,
 * resumed from a timetoken, backfill; messages from 3.x and from pubkit's own client), unsubscribe and history.
 * docs/protocol.md §2.1–§2.5, §8.2, §8.7, §9.2.
 */
import { expect } from 'chai';
import { Feed } from './feed.js';
import type { Delivery } from './js3-client.js';
import { channelName, type Rig, startRig } from './rig.js';

const KEYS = { publishKey: 'pub-c-compat', subscribeKey: 'sub-c-compat' };

/** `[1, "Sent", "<17-digit tt>"]`, returning the timetoken. */
function sentToken(reply: unknown): string {
  expect(reply).to.be.an('array').with.lengthOf(3);
  const [ok, text, tt] = reply as [unknown, unknown, unknown];
  expect([ok, text]).to.deep.equal([1, 'Sent']);
  expect(tt)
    .to.be.a('string')
    .and.match(/^\d{17}$/);
  return tt as string;
}

function messages(feed: readonly Delivery[]): unknown[] {
  return feed.map((d) => d.message);
}

describe('compat: JS SDK 3.16.5 messaging against the local server', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig(KEYS);
  });
  afterEach(async () => {
    await rig?.close();
  });

  it('time(): a 17-digit timetoken near the wall clock and the server clock', async () => {
    const classic = rig.classic({ uuid: 'js3-time' });
    const before = Date.now();
    const tt = await classic.time();
    // The SDK parses /time/0 into a JS number (precision beyond 2^53 is lost, as against production).
    expect(tt).to.be.a('number');
    expect(String(tt)).to.match(/^\d{17}$/);
    expect(Math.abs(tt / 10_000 - before)).to.be.below(5_000);
    const fromPubkit = Number(await rig.pubkit({ uuid: 'pk-time' }).time());
    expect(Math.abs(fromPubkit - tt) / 10_000).to.be.below(5_000);
  });

  it("publish (GET) carries ~*!()' and unicode unchanged: history and a pubkit subscriber see the exact value", async () => {
    const ch = channelName('js3-pub');
    const message = { text: "it's ~*!() & 100% + more?#", u: 'é 漢語 🎉', n: [1, 2.5, null, true] };
    const reader = rig.pubkit({ uuid: 'pk-reader' });
    const live = new Feed<unknown>();
    const connected = new Promise<void>((resolve) => {
      reader.subscribe(ch, { callback: (m) => live.push(m), connect: () => resolve() });
    });
    await connected;

    const classic = rig.classic({ uuid: 'js3-pub' });
    const tt = sentToken(await classic.publish(ch, message));

    const [stored, start, end] = await reader.history(ch, { count: 10 });
    expect(stored).to.deep.equal([message]);
    expect([start, end]).to.deep.equal([tt, tt]);
    const fromClassic = (await classic.history({ channel: ch, count: 10 })) as unknown[];
    expect(fromClassic[0]).to.deep.equal([message]);
    expect(await live.count(1, 'the message at the pubkit subscriber')).to.deep.equal([message]);
  });

  it('publish with post: true sends the raw JSON body (no Content-Type) and is stored like a GET publish', async () => {
    const ch = channelName('js3-post');
    const classic = rig.classic({ uuid: 'js3-post' });
    const message = { n: 3, text: "posted ~*!()' é" };
    const tt = sentToken(await classic.publish(ch, message, { post: true }));
    const [stored, start] = (await classic.history({ channel: ch })) as [unknown[], unknown];
    expect(stored).to.deep.equal([message]);
    expect(start).to.equal(tt);
  });

  it('subscribe (v1 long-poll) on one channel: messages from another 3.x client and from pubkit arrive in order', async () => {
    const ch = channelName('js3-sub');
    const subscriber = rig.classic({ uuid: 'js3-subscriber' });
    const sub = subscriber.subscribe(ch);
    await sub.connects.count(1, `connect on ${ch}`);
    expect(sub.connects.items).to.deep.equal([ch]);

    const other = rig.classic({ uuid: 'js3-publisher' });
    const pubkit = rig.pubkit({ uuid: 'pk-publisher' });
    sentToken(await other.publish(ch, { from: '3.x', i: 1 }));
    sentToken(await pubkit.publish(ch, { from: 'pubkit', i: 2 }));
    sentToken(await other.publish(ch, 'plain string'));

    const got = await sub.messages.count(3, 'three messages');
    expect(messages(got)).to.deep.equal([{ from: '3.x', i: 1 }, { from: 'pubkit', i: 2 }, 'plain string']);
    expect(got.map((d) => d.channel)).to.deep.equal([ch, ch, ch]);
    expect(sub.errors.items).to.deep.equal([]);
  });

  it('subscribe to two channels multiplexed: each message reaches the callback with its own channel', async () => {
    const a = channelName('js3-mux-a');
    const b = channelName('js3-mux-b');
    const subscriber = rig.classic({ uuid: 'js3-mux' });
    const sub = subscriber.subscribe([a, b]);
    await sub.connects.count(2, 'connect on both channels');
    expect([...sub.connects.items].sort()).to.deep.equal([a, b].sort());

    const other = rig.classic({ uuid: 'js3-mux-pub' });
    const pubkit = rig.pubkit({ uuid: 'pk-mux-pub' });
    await other.publish(a, 'a1 from 3.x');
    await pubkit.publish(b, 'b1 from pubkit');
    await other.publish(b, 'b2 from 3.x');
    await pubkit.publish(a, 'a2 from pubkit');

    const got = await sub.messages.count(4, 'four messages');
    const byChannel = (ch: string) => got.filter((d) => d.channel === ch).map((d) => d.message);
    expect(byChannel(a)).to.deep.equal(['a1 from 3.x', 'a2 from pubkit']);
    expect(byChannel(b)).to.deep.equal(['b1 from pubkit', 'b2 from 3.x']);
  });

  it('a UTF-8 channel name: publish, subscribe routing and history keep it exact', async () => {
    const ch = channelName('canal-é漢');
    const subscriber = rig.classic({ uuid: 'js3-utf8' });
    const sub = subscriber.subscribe(ch);
    await sub.connects.count(1, `connect on ${ch}`);
    await rig.pubkit({ uuid: 'pk-utf8' }).publish(ch, 'über');
    const [got] = await sub.messages.count(1, 'a message');
    expect([got!.channel, got!.message]).to.deep.equal([ch, 'über']);
    expect(((await subscriber.history({ channel: ch })) as unknown[])[0]).to.deep.equal(['über']);
  });

  it('subscribe from a timetoken catches up on what followed it; backfill: true replays the queue', async () => {
    const ch = channelName('js3-catchup');
    const publisher = rig.classic({ uuid: 'js3-catchup-pub' });
    const tokens: string[] = [];
    for (const m of ['m0', 'm1', 'm2']) tokens.push(sentToken(await publisher.publish(ch, m)));

    // `timetoken` makes the first long-poll resume from it (no tt=0 handshake): messages after m0 only.
    const resumer = rig.classic({ uuid: 'js3-resumer' });
    const resumed = resumer.subscribe(ch, { timetoken: tokens[0]! });
    const got = await resumed.messages.count(2, 'm1 and m2');
    expect(messages(got)).to.deep.equal(['m1', 'm2']);
    const [batch, tt, channels] = got[0]!.envelope as [unknown[], string, string];
    expect(batch).to.deep.equal(['m1', 'm2']);
    expect(tt).to.match(/^\d{17}$/);
    expect(channels).to.equal(`${ch},${ch}`);

    // `backfill: true`: after the handshake the SDK polls from the magic timetoken 10000 (docs/protocol.md §8.2).
    const backfiller = rig.classic({ uuid: 'js3-backfill' });
    const replayed = backfiller.subscribe(ch, { backfill: true });
    expect(messages(await replayed.messages.count(3, 'the queued messages'))).to.deep.equal(['m0', 'm1', 'm2']);
  });

  it('fire(): delivered live with store=0&norep=true, never stored', async () => {
    const ch = channelName('js3-fire');
    const subscriber = rig.classic({ uuid: 'js3-fire-sub' });
    const sub = subscriber.subscribe(ch);
    await sub.connects.count(1, 'connect');
    sentToken(await rig.classic({ uuid: 'js3-fire' }).fire(ch, 'fired'));
    expect(messages(await sub.messages.count(1, 'the fired message'))).to.deep.equal(['fired']);
    expect(await subscriber.history({ channel: ch })).to.deep.equal([[], 0, 0]);
  });

  it('unsubscribe from one multiplexed channel: leave answered, that channel stops, the other goes on', async () => {
    const a = channelName('js3-unsub-a');
    const b = channelName('js3-unsub-b');
    const subscriber = rig.classic({ uuid: 'js3-unsub' });
    const sub = subscriber.subscribe([a, b]);
    await sub.connects.count(2, 'connect on both channels');

    const leave = await subscriber.unsubscribe(a);
    expect(leave).to.include({ status: 200, action: 'leave' });
    expect(subscriber.sdk.get_subscribed_channels()).to.deep.equal([b]);

    const pubkit = rig.pubkit({ uuid: 'pk-unsub-pub' });
    await pubkit.publish(a, 'not for you');
    await pubkit.publish(b, 'still subscribed');
    const got = await sub.messages.count(1, `a message on ${b}`);
    // The message on `a` was published first: had it been delivered, it would have come first.
    expect(got.map((d) => [d.channel, d.message])).to.deep.equal([[b, 'still subscribed']]);
  });

  it('history: count, reverse and string timetokens as the 3.x SDK asks for them (stringtoken=true)', async () => {
    const ch = channelName('js3-hist');
    const classic = rig.classic({ uuid: 'js3-hist' });
    const tokens: string[] = [];
    for (let i = 0; i < 5; i++) tokens.push(sentToken(await classic.publish(ch, { i })));

    // Newest `count`, oldest first; start/end are the first/last returned message's timetoken, as strings.
    const newest = (await classic.history({ channel: ch, count: 3 })) as [unknown[], unknown, unknown];
    expect(newest).to.deep.equal([[{ i: 2 }, { i: 3 }, { i: 4 }], tokens[2], tokens[4]]);

    const oldest = (await classic.history({ channel: ch, count: 2, reverse: true })) as [unknown[], unknown, unknown];
    expect(oldest).to.deep.equal([[{ i: 0 }, { i: 1 }], tokens[0], tokens[1]]);

    // include_token + string_message_token: each entry with its exact 17-digit timetoken string.
    const withTokens = (await classic.history({
      channel: ch,
      count: 100,
      include_token: true,
      string_message_token: true,
    })) as [unknown[], unknown, unknown];
    expect(withTokens[0]).to.deep.equal(tokens.map((timetoken, i) => ({ message: { i }, timetoken })));

    // start is exclusive, end inclusive.
    const window = (await classic.history({ channel: ch, start: tokens[3], end: tokens[1] })) as [unknown[]];
    expect(window[0]).to.deep.equal([{ i: 1 }, { i: 2 }]);

    const empty = await classic.history({ channel: channelName('js3-hist-empty') });
    expect(empty).to.deep.equal([[], 0, 0]);
  });
});
