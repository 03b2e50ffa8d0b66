/**
 * Client-wide listeners against the real server (issue 12): `addListener({ message, signal, presence,
 * messageAction, status })` hears every subscription of the client besides the per-call callbacks, before or after
 * `subscribe()`; statuses carry the official SDK's categories (connected, reconnected, disconnected, access denied,
 * network issues); a listener that throws does not break the loop; removing one during a dispatch is safe.
 */
import {
  CALLBACK_WARNING_CODE,
  type MessageActionEvent,
  type MessageEvent,
  type PresenceListenerEvent,
  PubnubAccessDeniedError,
  PubnubCallbackError,
  PubnubCryptoError,
  PubnubNetworkError,
  PubnubValidationError,
  type SignalEvent,
  type StatusEvent,
} from '@pubkit/node';
import { expect } from 'chai';
import { Feed } from '../../compat/feed.js';
import { channelName, PAM_KEYSET, useHarness } from './support/server.js';
import { startTcpProxy } from './support/tcp-proxy.js';

/** A listener that records everything it hears. */
function recorder() {
  const messages = new Feed<MessageEvent>();
  const signals = new Feed<SignalEvent>();
  const presence = new Feed<PresenceListenerEvent>();
  const actions = new Feed<MessageActionEvent>();
  const statuses = new Feed<StatusEvent>();
  const listener = {
    message: (e: MessageEvent) => messages.push(e),
    signal: (e: SignalEvent) => signals.push(e),
    presence: (e: PresenceListenerEvent) => presence.push(e),
    messageAction: (e: MessageActionEvent) => actions.push(e),
    status: (e: StatusEvent) => statuses.push(e),
  };
  return { listener, messages, signals, presence, actions, statuses };
}

const categories = (events: readonly StatusEvent[]): string[] => events.map((e) => e.category);

describe('node client: addListener', () => {
  const h = useHarness({ presenceSweepMs: 200 });

  it('message, signal, presence and messageAction events reach a listener added before subscribe', async () => {
    const sub = h().client({ uuid: 'listener-sub' });
    const pub = h().client({ uuid: 'listener-pub' });
    const ch = channelName('listen');
    const r = recorder();
    sub.addListener(r.listener);
    sub.subscribe({ channels: [ch], withPresence: true });
    await r.statuses.until((s) => categories(s).includes('PNConnectedCategory'), 'connected');
    const connected = r.statuses.items.find((s) => s.category === 'PNConnectedCategory')!;
    expect(connected).to.deep.include({ operation: 'PNSubscribeOperation', error: false });
    expect(connected.affectedChannels).to.have.members([ch, `${ch}-pnpres`]);
    expect(connected.currentTimetoken).to.match(/^\d{17}$/);

    const published = await pub.publish({ channel: ch, message: { text: 'hi' }, meta: { lang: 'en' } });
    await pub.signal({ channel: ch, message: 'typing' });
    const added = await pub.addMessageAction({
      channel: ch,
      messageTimetoken: published.timetoken,
      action: { type: 'reaction', value: 'smile' },
    });
    // A join and a leave of listener-pub.
    const joined = new Feed<string>();
    const visit = pub.subscribe(ch, { connect: (c) => joined.push(c) });
    await joined.until((j) => j.length === 1, 'listener-pub connected');
    await visit.unsubscribe();
    const [message] = await r.messages.until((m) => m.length === 1, 'message');
    expect(message).to.deep.equal({
      channel: ch,
      subscription: ch,
      timetoken: published.timetoken,
      publisher: 'listener-pub',
      message: { text: 'hi' },
      userMetadata: { lang: 'en' },
    });
    const [signal] = await r.signals.until((s) => s.length === 1, 'signal');
    expect(signal).to.deep.include({ channel: ch, subscription: ch, publisher: 'listener-pub', message: 'typing' });
    const [action] = await r.actions.until((a) => a.length === 1, 'message action');
    expect(action).to.deep.include({ event: 'added', channel: ch, publisher: 'listener-pub' });
    expect(action!.data).to.deep.equal(added.data);
    const joins = await r.presence.until(
      (p) => p.some((e) => e.uuid === 'listener-pub' && e.action === 'leave'),
      'join and leave of listener-pub',
    );
    const join = joins.find((e) => e.uuid === 'listener-pub' && e.action === 'join')!;
    expect(join).to.deep.include({ channel: ch, subscription: ch, action: 'join' });
    expect(join.occupancy).to.be.a('number');
    expect(join.timestamp).to.be.a('number');
    // Each kind reached its own method only.
    expect(r.messages.items).to.have.length(1);
    expect(r.signals.items).to.have.length(1);
  });

  it('a listener added after subscribe hears every subscription, besides the per-call callbacks', async () => {
    const sub = h().client();
    const pub = h().client();
    const [a, b] = [channelName('one'), channelName('two')];
    const perCall = new Feed<string>();
    const statuses = new Feed<StatusEvent>();
    sub.addListener({ status: (s) => statuses.push(s) });
    sub.subscribe(a, { callback: (m) => perCall.push(`a:${String(m)}`) });
    await statuses.until((s) => s.length === 1, 'first connected');
    sub.subscribe(b, { callback: (m) => perCall.push(`b:${String(m)}`) });
    // The second set change is announced as connected too, naming only what it added (as the SDK does).
    const second = await statuses.until((s) => s.length === 2, 'second connected');
    expect(second[1]).to.deep.include({ category: 'PNConnectedCategory', affectedChannels: [b] });
    expect(second[1]!.subscribedChannels).to.have.members([a, b]);

    const late = new Feed<string>();
    sub.addListener({ message: (e) => late.push(`${e.channel}:${String(e.message)}`) });
    await pub.publish(a, 'x');
    await pub.publish(b, 'y');
    await late.until((l) => l.length === 2, 'both channels on the late listener');
    await perCall.until((l) => l.length === 2, 'both per-call callbacks');
    expect(late.items).to.deep.equal([`${a}:x`, `${b}:y`]);
    expect(perCall.items).to.deep.equal(['a:x', 'b:y']);
  });

  it('through a channel group and a wildcard: subscription names the group or pattern, connected the group', async () => {
    const sub = h().client({ uuid: 'group-reader' });
    const pub = h().client({ uuid: 'group-writer' });
    const [member, base] = [channelName('member'), channelName('wild')];
    const g = channelName('cg');
    await pub.channelGroups.addChannels({ channelGroup: g, channels: [member] });
    const r = recorder();
    sub.addListener(r.listener);
    sub.subscribe({ channelGroups: [g], channels: [`${base}.*`], withPresence: true });
    const [connected] = await r.statuses.until((s) => s.length === 1, 'connected');
    expect(connected).to.deep.include({ category: 'PNConnectedCategory' });
    expect(connected!.affectedChannelGroups).to.include(g);
    expect(connected!.subscribedChannelGroups).to.include(g);
    expect(connected!.affectedChannels).to.include(`${base}.*`);
    await pub.publish(member, 'via group');
    await pub.signal(`${base}.room`, 'via pattern');
    const [message] = await r.messages.until((m) => m.length === 1, 'the group message');
    expect(message).to.deep.include({ channel: member, subscription: g, message: 'via group' });
    const [signal] = await r.signals.until((m) => m.length === 1, 'the wildcard signal');
    expect(signal).to.deep.include({ channel: `${base}.room`, subscription: `${base}.*`, message: 'via pattern' });
    // A join on a member channel reaches the listener through the group's presence (`g-pnpres`).
    const joined = new Feed<string>();
    const visit = pub.subscribe(member, { connect: (c) => joined.push(c) });
    await joined.until((j) => j.length === 1, 'group-writer connected');
    const joins = await r.presence.until((p) => p.some((e) => e.uuid === 'group-writer'), 'the join via the group');
    expect(joins.find((e) => e.uuid === 'group-writer')).to.deep.include({
      action: 'join',
      channel: member,
      subscription: g,
    });
    await visit.unsubscribe();
  });

  it('a listener that throws does not stop the loop nor the others; status hears PNCallbackErrorCategory', async () => {
    const sub = h().client();
    const pub = h().client();
    const ch = channelName('throws');
    const good = new Feed<unknown>();
    const statuses = new Feed<StatusEvent>();
    sub.addListener({
      message: () => {
        throw new Error('listener bug');
      },
    });
    sub.addListener({ message: (e) => good.push(e.message), status: (s) => statuses.push(s) });
    sub.subscribe(ch);
    await statuses.until((s) => categories(s).includes('PNConnectedCategory'), 'connected');
    for (let i = 0; i < 3; i++) await pub.publish(ch, i);
    await good.until((g) => g.length === 3, 'three messages on the good listener');
    expect(good.items).to.deep.equal([0, 1, 2]);
    const errors = statuses.items.filter((s) => s.category === 'PNCallbackErrorCategory');
    expect(errors).to.have.length(3);
    expect(errors[0]!.error).to.equal(true);
    expect(errors[0]!.errorData).to.be.instanceOf(PubnubCallbackError);
    expect((errors[0]!.errorData as PubnubCallbackError).site).to.equal('listener message');
    expect(((errors[0]!.errorData as PubnubCallbackError).cause as Error).message).to.equal('listener bug');
  });

  it('a per-call callback that throws, with no error callback, reaches the status listeners', async () => {
    const sub = h().client();
    const pub = h().client();
    const ch = channelName('percall-throws');
    const statuses = new Feed<StatusEvent>();
    const later = new Feed<unknown>();
    sub.addListener({ status: (s) => statuses.push(s), message: (e) => later.push(e.message) });
    sub.subscribe(ch, {
      callback: () => {
        throw new Error('per-call bug');
      },
    });
    await statuses.until((s) => categories(s).includes('PNConnectedCategory'), 'connected');
    await pub.publish(ch, 'one');
    await pub.publish(ch, 'two');
    await later.until((l) => l.length === 2, 'both messages on the listener');
    const errors = statuses.items.filter((s) => s.category === 'PNCallbackErrorCategory');
    expect(errors).to.have.length(2);
    expect((errors[0]!.errorData as PubnubCallbackError).site).to.equal('subscribe callback');
  });

  it('a listener that throws with no status listener warns once and the loop goes on', async () => {
    const sub = h().client();
    const pub = h().client();
    const ch = channelName('warns');
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => {
      if ((w as Error & { code?: string }).code === CALLBACK_WARNING_CODE) warnings.push(w);
    };
    process.on('warning', onWarning);
    try {
      const got = new Feed<unknown>();
      sub.addListener({
        message: () => {
          throw new Error('no status listener');
        },
      });
      sub.subscribe(ch, { callback: (m) => got.push(m) });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await pub.publish(ch, 1);
      await pub.publish(ch, 2);
      await got.until((g) => g.length === 2, 'messages on the per-call callback');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).to.have.length(1);
      expect(warnings[0]!.message).to.include('listener message');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('removing listeners during a dispatch is safe: a removed one hears nothing more, the others go on', async () => {
    const sub = h().client();
    const pub = h().client();
    const ch = channelName('remove');
    const heard: string[] = [];
    const connected = new Feed<string>();
    const b = { message: (e: MessageEvent) => heard.push(`b${String(e.message)}`) };
    const a = {
      message: (e: MessageEvent) => {
        heard.push(`a${String(e.message)}`);
        if (e.message === 1) {
          sub.removeListener(b); // b comes after a in this very dispatch: it must not hear 1
          sub.removeListener(a); // and a removes itself
        }
      },
    };
    const c = { message: (e: MessageEvent) => heard.push(`c${String(e.message)}`) };
    sub.addListener({ status: (s) => connected.push(s.category) });
    sub.addListener(a);
    sub.addListener(b);
    sub.addListener(a); // the same listener twice is kept once
    sub.addListener(c);
    const perCall = new Feed<unknown>();
    sub.subscribe(ch, { callback: (m) => perCall.push(m) });
    await connected.until((s) => s.includes('PNConnectedCategory'), 'connected');
    for (let i = 0; i < 4; i++) await pub.publish(ch, i);
    await perCall.until((d) => d.includes(3), 'the fourth message');
    expect(heard).to.deep.equal(['a0', 'b0', 'c0', 'a1', 'c1', 'c2', 'c3']);
    sub.removeAllListeners();
    await pub.publish(ch, 4);
    await perCall.until((d) => d.includes(4), 'a message after removeAllListeners');
    expect(heard).to.have.length(7);
  });

  it('a message that cannot be decrypted reaches the message listener with error and its ciphertext', async () => {
    const sub = h().client({ cipherKey: 'enigma' });
    const right = h().client({ cipherKey: 'enigma' });
    const wrong = h().client({ cipherKey: 'another key' });
    const ch = channelName('crypto');
    const r = recorder();
    sub.addListener(r.listener);
    sub.subscribe(ch);
    await r.statuses.until((s) => categories(s).includes('PNConnectedCategory'), 'connected');
    await wrong.publish(ch, { secret: 1 });
    await right.publish(ch, { secret: 2 });
    const [bad, good] = await r.messages.until((m) => m.length === 2, 'two messages');
    expect(bad!.error).to.be.instanceOf(PubnubCryptoError);
    expect(bad!.message).to.equal(wrong.encrypt({ secret: 1 }));
    expect(good).to.not.have.property('error');
    expect(good!.message).to.deep.equal({ secret: 2 });
  });

  it('refuses a listener that is not an object, an unknown method or a non-function', () => {
    const client = h().client();
    expect(() => client.addListener(null as never)).to.throw(PubnubValidationError);
    expect(() => client.addListener({ mesage: () => undefined } as never))
      .to.throw(PubnubValidationError)
      .with.property('field', 'listener.mesage');
    expect(() => client.addListener({ message: 'no' } as never)).to.throw(PubnubValidationError);
  });

  it('disconnect() is PNDisconnectedCategory, reconnect() PNReconnectedCategory, unsubscribing all PNUnsubscribeOperation', async () => {
    const sub = h().client();
    const ch = channelName('lifecycle');
    const statuses = new Feed<StatusEvent>();
    sub.addListener({ status: (s) => statuses.push(s) });
    const handle = sub.subscribe(ch);
    await statuses.until((s) => s.length === 1, 'connected');
    sub.disconnect();
    await statuses.until((s) => s.length === 2, 'disconnected');
    sub.reconnect();
    await statuses.until((s) => s.length === 3, 'reconnected');
    await handle.unsubscribe();
    await statuses.until((s) => s.length === 4, 'unsubscribed');
    expect(categories(statuses.items)).to.deep.equal([
      'PNConnectedCategory',
      'PNDisconnectedCategory',
      'PNReconnectedCategory',
      'PNDisconnectedCategory',
    ]);
    expect(statuses.items[1]).to.deep.include({ operation: 'PNSubscribeOperation', error: false });
    expect(statuses.items[3]).to.deep.include({
      operation: 'PNUnsubscribeOperation',
      affectedChannels: [ch],
      subscribedChannels: [],
    });
  });

  it('a 403 under Access Manager is PNAccessDeniedCategory with the error and status code', async () => {
    const user = h().client({
      publishKey: PAM_KEYSET.publishKey,
      subscribeKey: PAM_KEYSET.subscribeKey,
      authKey: 'no-grant',
    });
    const ch = channelName('denied');
    const statuses = new Feed<StatusEvent>();
    user.addListener({ status: (s) => statuses.push(s) });
    user.subscribe(ch);
    const [denied] = await statuses.until((s) => s.length === 1, 'access denied');
    expect(denied).to.deep.include({
      category: 'PNAccessDeniedCategory',
      operation: 'PNSubscribeOperation',
      error: true,
      statusCode: 403,
    });
    expect(denied!.errorData).to.be.instanceOf(PubnubAccessDeniedError);
    expect((denied!.errorData as PubnubAccessDeniedError).channels).to.include(ch);
    expect(denied!.detail?.category).to.equal('error');
  });

  it('a cut network is PNNetworkIssuesCategory, and its end PNReconnectedCategory', async function () {
    this.timeout(30_000);
    const proxy = await startTcpProxy(h().url);
    try {
      const sub = h().client({ origin: proxy.url, retry: { baseDelayMs: 50, maxDelayMs: 200 } });
      const pub = h().client();
      const ch = channelName('cut');
      const statuses = new Feed<StatusEvent>();
      const messages = new Feed<unknown>();
      sub.addListener({ status: (s) => statuses.push(s), message: (e) => messages.push(e.message) });
      sub.subscribe(ch);
      await statuses.until((s) => s.length === 1, 'connected');
      proxy.refuse(true);
      const cut = await statuses.until((s) => s.length === 2, 'network issues');
      expect(cut[1]).to.deep.include({ category: 'PNNetworkIssuesCategory', error: true });
      expect(cut[1]!.errorData).to.be.instanceOf(PubnubNetworkError);
      expect(cut[1]!.detail).to.deep.include({ category: 'disconnected', reason: 'failure' });
      await pub.publish(ch, 'during the cut');
      proxy.refuse(false);
      const back = await statuses.until((s) => s.length === 3, 'reconnected', 10_000);
      expect(back[2]).to.deep.include({ category: 'PNReconnectedCategory', error: false });
      await messages.until((m) => m.includes('during the cut'), 'the message published during the cut');
      expect(categories(statuses.items)).to.deep.equal([
        'PNConnectedCategory',
        'PNNetworkIssuesCategory',
        'PNReconnectedCategory',
      ]);
    } finally {
      await proxy.close();
    }
  });
});
