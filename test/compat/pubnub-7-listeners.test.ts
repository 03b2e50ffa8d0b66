/**
 * Client-wide listeners interoperate with `pubnub@7.3.3` (issue 12): what the SDK publishes, signals and adds as
 * an action reaches pubkit's `addListener`, with the fields the SDK's own listener sees for the same event; what
 * pubkit publishes, signals and adds reaches the SDK's `addListener`. Both against the real local server.
 */
import {
  type MessageActionEvent,
  type MessageEvent,
  type ObjectsEvent,
  type PresenceListenerEvent,
  Pubnub,
  type SignalEvent,
  type StatusEvent,
} from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import { Feed } from './feed.js';
import { pubnub7, type Sdk7, type Sdk7Presence } from './pubnub7.js';

const KEYS = { publishKey: 'pub-c-listen', subscribeKey: 'sub-c-listen' };

/** An event as the SDK's listener hands it over (message, signal, action). */
interface Sdk7Event {
  readonly channel: string;
  readonly subscription: string | null;
  readonly timetoken: string;
  readonly publisher: string;
  readonly message?: unknown;
  readonly userMetadata?: unknown;
  readonly event?: string;
  readonly data?: Record<string, unknown>;
}

/** The calls and listener methods of pubnub@7.3.3 this file uses beyond `Sdk7`. */
interface Sdk7Listening extends Omit<Sdk7, 'addListener' | 'publish' | 'signal'> {
  addListener(listener: {
    message?(e: Sdk7Event): void;
    signal?(e: Sdk7Event): void;
    messageAction?(e: Sdk7Event): void;
    objects?(e: Sdk7Event): void;
    presence?(e: Sdk7Presence): void;
    status?(s: { category: string }): void;
  }): void;
  readonly objects: {
    setChannelMetadata(p: { channel: string; data: Record<string, unknown> }): Promise<unknown>;
    removeChannelMetadata(p: { channel: string }): Promise<unknown>;
    setMemberships(p: { uuid: string; channels: string[] }): Promise<unknown>;
  };
  publish(p: { channel: string; message: unknown; meta?: unknown }): Promise<{ timetoken: string }>;
  signal(p: { channel: string; message: unknown }): Promise<{ timetoken: string }>;
  addMessageAction(p: {
    channel: string;
    messageTimetoken: string;
    action: { type: string; value: string };
  }): Promise<{ data: Record<string, unknown> }>;
}

/** What one side's listener heard. */
function hearing() {
  return {
    messages: new Feed<unknown>(),
    signals: new Feed<unknown>(),
    actions: new Feed<unknown>(),
    objects: new Feed<unknown>(),
  };
}

describe('compat: pubnub@7.3.3 and pubkit listeners', () => {
  let server: RunningServer;
  const sdks: Sdk7Listening[] = [];
  const kits: Pubnub[] = [];
  let counter = 0;

  beforeEach(async () => {
    server = await startServer({ port: 0, pollTimeoutMs: 1_000 });
  });
  afterEach(async () => {
    for (const c of sdks.splice(0)) {
      c.unsubscribeAll();
      c.stop();
    }
    for (const k of kits.splice(0)) await k.close();
    await server.close();
  });

  /** Both clients subscribed to one channel with a listener each, connected. */
  async function both() {
    counter += 1;
    const ch = `listen-${process.pid}-${counter}`;
    const sdk = pubnub7({ url: server.url, ...KEYS, uuid: 'seven' }) as unknown as Sdk7Listening;
    sdks.push(sdk);
    const kit = new Pubnub({ ...KEYS, origin: server.url, uuid: 'kit' });
    kits.push(kit);
    const seven = hearing();
    const sevenUp = new Feed<string>();
    sdk.addListener({
      message: (e) => seven.messages.push(e),
      signal: (e) => seven.signals.push(e),
      messageAction: (e) => seven.actions.push(e),
      objects: (e) => seven.objects.push(e),
      status: (s) => sevenUp.push(s.category),
    });
    sdk.subscribe({ channels: [ch] });
    const mine = hearing();
    const kitUp = new Feed<StatusEvent>();
    kit.addListener({
      message: (e: MessageEvent) => mine.messages.push(e),
      signal: (e: SignalEvent) => mine.signals.push(e),
      messageAction: (e: MessageActionEvent) => mine.actions.push(e),
      objects: (e: ObjectsEvent) => mine.objects.push(e),
      status: (s) => kitUp.push(s),
    });
    kit.subscribe({ channels: [ch] });
    await sevenUp.until((s) => s.includes('PNConnectedCategory'), 'pubnub@7.3.3 connected');
    await kitUp.until((s) => s.some((e) => e.category === 'PNConnectedCategory'), 'pubkit connected');
    return { ch, sdk, kit, seven, mine };
  }

  it('pubnub@7.3.3 publishes, signals and adds an action: pubkit’s listener hears what the SDK’s own hears', async () => {
    const { ch, sdk, seven, mine } = await both();
    const published = await sdk.publish({ channel: ch, message: { text: 'from seven' }, meta: { lang: 'en' } });
    await sdk.signal({ channel: ch, message: 'typing' });
    await sdk.addMessageAction({
      channel: ch,
      messageTimetoken: String(published.timetoken),
      action: { type: 'reaction', value: 'nod' },
    });
    const [theirs] = await seven.messages.until((m) => m.length === 1, 'the SDK hears its message');
    const [ours] = await mine.messages.until((m) => m.length === 1, 'pubkit hears the message');
    const sdkMessage = theirs as Sdk7Event;
    // The same fields, the same values: only `subscription` differs (the SDK's null is pubkit's channel name).
    expect(ours).to.deep.equal({
      channel: sdkMessage.channel,
      subscription: ch,
      timetoken: sdkMessage.timetoken,
      publisher: sdkMessage.publisher,
      message: sdkMessage.message,
      userMetadata: sdkMessage.userMetadata,
    });
    expect(ours).to.deep.include({ publisher: 'seven', message: { text: 'from seven' }, userMetadata: { lang: 'en' } });
    expect(sdkMessage.subscription).to.equal(null);

    const [theirSignal] = await seven.signals.until((s) => s.length === 1, 'the SDK hears its signal');
    const [ourSignal] = await mine.signals.until((s) => s.length === 1, 'pubkit hears the signal');
    const sdkSignal = theirSignal as Sdk7Event;
    expect(ourSignal).to.deep.include({
      channel: sdkSignal.channel,
      timetoken: sdkSignal.timetoken,
      publisher: 'seven',
      message: 'typing',
    });
    expect(sdkSignal.message).to.equal('typing');

    const [theirAction] = await seven.actions.until((a) => a.length === 1, 'the SDK hears its action');
    const [ourAction] = await mine.actions.until((a) => a.length === 1, 'pubkit hears the action');
    const sdkAction = theirAction as Sdk7Event;
    expect(ourAction).to.deep.include({
      channel: sdkAction.channel,
      timetoken: sdkAction.timetoken,
      publisher: 'seven',
      event: 'added',
    });
    expect((ourAction as MessageActionEvent).data).to.deep.equal(sdkAction.data);
  });

  it('pubkit publishes, signals and adds an action: pubnub@7.3.3’s addListener receives them', async () => {
    const { ch, kit, seven } = await both();
    const published = await kit.publish({ channel: ch, message: ['from', 'kit'], meta: { n: 1 } });
    await kit.signal({ channel: ch, message: { typing: true } });
    const added = await kit.addMessageAction({
      channel: ch,
      messageTimetoken: published.timetoken,
      action: { type: 'receipt', value: 'read' },
    });
    const [message] = await seven.messages.until((m) => m.length === 1, 'the SDK hears pubkit’s message');
    expect(message).to.deep.include({
      channel: ch,
      timetoken: published.timetoken,
      publisher: 'kit',
      message: ['from', 'kit'],
      userMetadata: { n: 1 },
    });
    const [signal] = await seven.signals.until((s) => s.length === 1, 'the SDK hears pubkit’s signal');
    expect(signal).to.deep.include({ channel: ch, publisher: 'kit', message: { typing: true } });
    const [action] = await seven.actions.until((a) => a.length === 1, 'the SDK hears pubkit’s action');
    expect(action).to.deep.include({ channel: ch, publisher: 'kit', event: 'added' });
    expect((action as Sdk7Event).data).to.deep.equal({
      type: 'receipt',
      value: 'read',
      uuid: 'kit',
      messageTimetoken: published.timetoken,
      actionTimetoken: added.data.actionTimetoken,
    });
  });

  it('App Context changes made by pubnub@7.3.3 reach pubkit’s objects listener as the SDK’s own listener sees them', async () => {
    const { ch, sdk, seven, mine } = await both();
    await sdk.objects.setChannelMetadata({ channel: ch, data: { name: 'Lobby', description: 'all welcome' } });
    await sdk.objects.setMemberships({ uuid: 'seven', channels: [ch] });
    await sdk.objects.removeChannelMetadata({ channel: ch });
    const theirs = (await seven.objects.until((o) => o.length === 3, 'the SDK hears three changes')) as Sdk7Event[];
    const ours = (await mine.objects.until((o) => o.length === 3, 'pubkit hears three changes')) as ObjectsEvent[];
    expect(ours.map((e) => `${e.message.event} ${e.message.type}`)).to.deep.equal([
      'set channel',
      'set membership',
      'delete channel',
    ]);
    for (const [i, event] of ours.entries()) {
      const sdkEvent = theirs[i]!;
      // The SDK's fields, the same values (the SDK's `subscription` is null where pubkit names the channel).
      expect(event).to.deep.equal({
        channel: sdkEvent.channel,
        subscription: ch,
        timetoken: sdkEvent.timetoken,
        publisher: sdkEvent.publisher,
        message: sdkEvent.message,
      });
    }
    expect(ours[0]!.message.data).to.deep.include({ id: ch, name: 'Lobby', description: 'all welcome' });
    expect(ours[1]!.message.type === 'membership' && ours[1]!.message.data.uuid.id).to.equal('seven');
    expect(ours[2]!.message.data).to.deep.equal({ id: ch });
    expect(ours[0]!.publisher).to.equal('seven');
  });

  it('presence crosses both ways: pubkit’s listener hears the SDK join, the SDK’s listener hears pubkit leave', async () => {
    counter += 1;
    const ch = `presence-${process.pid}-${counter}`;
    const kit = new Pubnub({ ...KEYS, origin: server.url, uuid: 'kit' });
    kits.push(kit);
    const kitPresence = new Feed<PresenceListenerEvent>();
    const kitUp = new Feed<string>();
    kit.addListener({ presence: (e) => kitPresence.push(e), status: (s) => kitUp.push(s.category) });
    const handle = kit.subscribe({ channels: [ch], withPresence: true });
    await kitUp.until((s) => s.includes('PNConnectedCategory'), 'pubkit connected');
    const sdk = pubnub7({ url: server.url, ...KEYS, uuid: 'seven' }) as unknown as Sdk7Listening;
    sdks.push(sdk);
    const sevenPresence = new Feed<Sdk7Presence>();
    const sevenUp = new Feed<string>();
    sdk.addListener({ presence: (e) => sevenPresence.push(e), status: (s) => sevenUp.push(s.category) });
    sdk.subscribe({ channels: [ch], withPresence: true });
    await sevenUp.until((s) => s.includes('PNConnectedCategory'), 'pubnub@7.3.3 connected');
    const joins = await kitPresence.until((p) => p.some((e) => e.uuid === 'seven'), 'pubkit hears seven join');
    expect(joins.find((e) => e.uuid === 'seven')).to.deep.include({
      action: 'join',
      channel: ch,
      subscription: ch,
      occupancy: 2,
    });
    await handle.unsubscribe();
    const left = await sevenPresence.until(
      (p) => p.some((e) => e.uuid === 'kit' && e.action === 'leave'),
      'the SDK hears kit leave',
    );
    expect(left.find((e) => e.uuid === 'kit' && e.action === 'leave')).to.deep.include({ channel: ch });
  });
});
