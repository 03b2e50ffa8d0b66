/**
 * `@pubkit/node` storage v3 and message actions against the real server (docs/protocol.md §13): publish options,
 * fetchMessages with its limits and the cipher, the history iterator both ways, messageCounts, signed
 * deleteMessages, message actions with paging and live action events on subscribe.
 */
import {
  catchUp,
  type MessageActionEvent,
  PubnubAccessDeniedError,
  type PubnubError,
  PubnubServiceError,
  PubnubValidationError,
} from '@pubkit/node';
import { expect } from 'chai';
import { channelName, PAM_KEYSET, until, useHarness } from './support/server.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (err: unknown) => err,
  );
}

describe('node client: storage v3 and message actions', () => {
  const h = useHarness();

  it('publish options reach history: meta, customMessageType, storeInHistory false, ttl', async () => {
    const client = h().client({ uuid: 'writer' });
    const ch = channelName();
    const [, , t1] = await client.publish(
      ch,
      { text: 'hi' },
      { meta: { lang: 'en' }, customMessageType: 'chat-text', ttl: 24 },
    );
    await client.publish(ch, 'not stored', { storeInHistory: false });
    const result = await client.fetchMessages({ channels: [ch], includeMeta: true, includeCustomMessageType: true });
    expect(result.channels[ch]).to.deep.equal([
      {
        channel: ch,
        message: { text: 'hi' },
        timetoken: t1,
        meta: { lang: 'en' },
        uuid: 'writer',
        messageType: null,
        customMessageType: 'chat-text',
      },
    ]);
    expect(() => client.publish(ch, 'x', { customMessageType: 'pn-reserved' })).to.throw(PubnubValidationError);
    expect(() => client.publish(ch, 'x', { store: true, storeInHistory: false })).to.throw(PubnubValidationError);
  });

  it('fetchMessages: many channels, decrypted with the cipher key, and PubNub limits as typed errors', async () => {
    const client = h().client({ cipherKey: 'secret-key' });
    const [a, b] = [channelName(), channelName()];
    await client.publish(a, { n: 1 });
    await client.publish(b, 'two');
    const result = await client.fetchMessages({ channels: [a, b] });
    expect(result.channels[a]!.map((m) => m.message)).to.deep.equal([{ n: 1 }]);
    expect(result.channels[b]!.map((m) => m.message)).to.deep.equal(['two']);
    const many = Array.from({ length: 501 }, (_, i) => `c${i}`);
    for (const bad of [
      { channels: [a], count: 101 },
      { channels: [a, b], count: 26 },
      { channels: [a], includeMessageActions: true, count: 26 },
      { channels: [a, b], includeMessageActions: true },
      { channels: many },
      { channels: [a], start: 'yesterday' },
    ]) {
      expect(() => client.fetchMessages(bad), JSON.stringify(bad).slice(0, 80)).to.throw(PubnubValidationError);
    }
  });

  it('iterateHistory walks any span of one channel backward and forward, each message once', async () => {
    const client = h().client();
    const ch = channelName();
    const tokens: string[] = [];
    for (let i = 0; i < 230; i++) tokens.push((await client.publish(ch, i))[2]);
    const all: number[] = [];
    for await (const m of client.iterateHistory({ channel: ch })) all.push(m.message as number);
    expect(all).to.deep.equal(Array.from({ length: 230 }, (_, i) => 229 - i));
    const forward: number[] = [];
    for await (const m of client.iterateHistory({
      channel: ch,
      direction: 'forward',
      after: tokens[9],
      through: tokens[219],
      pageSize: 30,
    })) {
      forward.push(m.message as number);
    }
    expect(forward).to.deep.equal(Array.from({ length: 210 }, (_, i) => i + 10));
    const backward: number[] = [];
    for await (const m of client.iterateHistory({ channel: ch, after: tokens[9], through: tokens[219], pageSize: 7 })) {
      backward.push(m.message as number);
    }
    expect(backward).to.deep.equal(Array.from({ length: 210 }, (_, i) => 219 - i));
    expect(() => client.iterateHistory({ channel: ch, pageSize: 101 })).to.throw(PubnubValidationError);
    expect(() => client.iterateHistory({ channel: ch, after: tokens[5], through: tokens[4] })).to.throw(
      PubnubValidationError,
    );
    expect(() => client.iterateHistory({ channel: ch, after: 'soon' })).to.throw(PubnubValidationError);
  });

  it('catchUp keeps the newest limit of a span, oldest first, and says when older ones were left out', async () => {
    const client = h().client();
    const ch = channelName();
    const tokens: string[] = [];
    for (let i = 0; i < 160; i++) tokens.push((await client.publish(ch, i))[2]);
    const cut = await catchUp(client, { channel: ch, after: tokens[9], limit: 120 });
    expect(cut.more).to.equal(true);
    expect(cut.messages.map((m) => m.message)).to.deep.equal(Array.from({ length: 120 }, (_, i) => i + 40));
    const whole = await catchUp(client, { channel: ch, after: tokens[9], through: tokens[149], limit: 140 });
    expect(whole.more).to.equal(false);
    expect(whole.messages.map((m) => m.message)).to.deep.equal(Array.from({ length: 140 }, (_, i) => i + 10));
  });

  it('messageCounts counts messages after each timetoken', async () => {
    const client = h().client();
    const [a, b] = [channelName(), channelName()];
    const ta = (await client.publish(a, 1))[2];
    await client.publish(a, 2);
    const tb = (await client.publish(b, 3))[2];
    expect(await client.messageCounts({ channels: [a, b], channelTimetokens: [ta] })).to.deep.equal({
      channels: { [a]: 1, [b]: 1 },
    });
    expect((await client.messageCounts({ channels: [a, b], channelTimetokens: ['0', tb] })).channels).to.deep.equal({
      [a]: 2,
      [b]: 0,
    });
    expect(() => client.messageCounts({ channels: [a, b], channelTimetokens: ['1', '2', '3'] })).to.throw(
      PubnubValidationError,
    );
  });

  it('deleteMessages is signed with the secret key on a PAM keyset; without it the server refuses (403)', async () => {
    const keys = { publishKey: PAM_KEYSET.publishKey, subscribeKey: PAM_KEYSET.subscribeKey };
    const admin = h().client({ ...keys, secretKey: PAM_KEYSET.secretKey });
    const ch = channelName();
    const t = [(await admin.publish(ch, 1))[2], (await admin.publish(ch, 2))[2], (await admin.publish(ch, 3))[2]];
    const plain = h().client(keys);
    expect(await rejection(plain.deleteMessages({ channel: ch }))).to.be.instanceOf(PubnubAccessDeniedError);
    await admin.deleteMessages({ channel: ch, start: t[1], end: t[0] });
    const left = await admin.fetchMessages({ channels: [ch] });
    expect(left.channels[ch]!.map((m) => m.message)).to.deep.equal([2, 3]);
  });

  it('message actions: add, 409 on a duplicate, page with more, remove; live events reach messageAction', async () => {
    const reader = h().client({ uuid: 'reader' });
    const writer = h().client({ uuid: 'writer' });
    const ch = channelName();
    const events: MessageActionEvent[] = [];
    const messages: unknown[] = [];
    let connected = false;
    const sub = reader.subscribe(ch, {
      callback: (m) => messages.push(m),
      messageAction: (e) => events.push(e),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'the subscription');
    const [, , mtt] = await writer.publish(ch, 'hello');
    await until(() => messages.length === 1, 'the message');
    const added = await writer.addMessageAction({
      channel: ch,
      messageTimetoken: mtt,
      action: { type: 'reaction', value: 'wave' },
    });
    expect(added.data).to.deep.include({ type: 'reaction', value: 'wave', uuid: 'writer', messageTimetoken: mtt });
    const dup = await rejection(
      writer.addMessageAction({ channel: ch, messageTimetoken: mtt, action: { type: 'reaction', value: 'wave' } }),
    );
    expect(dup).to.be.instanceOf(PubnubServiceError);
    expect((dup as PubnubServiceError).upstream?.status).to.equal(409);
    await writer.addMessageAction({ channel: ch, messageTimetoken: mtt, action: { type: 'receipt', value: 'read' } });
    await until(() => events.length === 2, 'two action events');
    expect(events[0]).to.deep.include({ event: 'added', channel: ch, publisher: 'writer' });
    expect(events[0]!.data).to.deep.equal(added.data);
    expect(messages).to.deep.equal(['hello']);

    const first = await reader.getMessageActions({ channel: ch, limit: 1 });
    expect(first.data.map((a) => a.type)).to.deep.equal(['receipt']);
    expect(first.more?.start).to.equal(first.start);
    const older = await reader.getMessageActions({ channel: ch, start: first.more!.start, limit: 1 });
    expect(older.data.map((a) => a.type)).to.deep.equal(['reaction']);

    const withActions = await reader.fetchMessages({ channels: [ch], includeMessageActions: true });
    expect(withActions.channels[ch]![0]!.actions).to.deep.equal({
      reaction: { wave: [{ uuid: 'writer', actionTimetoken: added.data.actionTimetoken }] },
      receipt: { read: [{ uuid: 'writer', actionTimetoken: first.data[0]!.actionTimetoken }] },
    });

    await writer.removeMessageAction({
      channel: ch,
      messageTimetoken: mtt,
      actionTimetoken: added.data.actionTimetoken,
    });
    await until(() => events.length === 3, 'the removed event');
    expect(events[2]).to.deep.include({ event: 'removed' });
    expect(events[2]!.data.actionTimetoken).to.equal(added.data.actionTimetoken);
    expect(() =>
      writer.addMessageAction({ channel: ch, messageTimetoken: mtt, action: { type: 'x'.repeat(16), value: 'v' } }),
    ).to.throw(PubnubValidationError);
    await sub.unsubscribe();
  });

  it('works in callback mode too (exactly one callback)', async () => {
    const client = h().client();
    const ch = channelName();
    await client.publish(ch, 'x');
    const got = await new Promise<{ value?: unknown; error?: PubnubError }>((resolve) => {
      const returned = client.messageCounts({
        channels: [ch],
        channelTimetokens: ['0'],
        callback: (value) => resolve({ value }),
        error: (error) => resolve({ error }),
      });
      expect(returned).to.equal(undefined);
    });
    expect(got.value).to.deep.equal({ channels: { [ch]: 1 } });
  });
});
