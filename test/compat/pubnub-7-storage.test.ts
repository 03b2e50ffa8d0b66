/**
 * `pubnub@7.3.3` drives storage v3 and message actions against pubkit's server, and interoperates with pubkit's
 * client (docs/protocol.md §13): meta, publisher and actions written by one are read by the other, live action
 * events cross both ways, a message encrypted by one is decrypted by the other's `fetchMessages`.
 */
import { Pubnub } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import { until } from '../support/until.js';
import { pubnub7, type Sdk7, sdk7Status } from './pubnub7.js';

const OPEN = { publishKey: 'pub-s', subscribeKey: 'sub-s' };
const PAM = { publishKey: 'pub-p', subscribeKey: 'sub-p', secretKey: 'sec-p' };

interface FetchedEntry {
  channel: string;
  message: unknown;
  timetoken: string;
  uuid?: string;
  meta?: unknown;
  messageType?: number | null;
  actions?: Record<string, Record<string, { uuid: string; actionTimetoken: string }[]>>;
}
interface ActionData {
  type: string;
  value: string;
  uuid: string;
  actionTimetoken: string;
  messageTimetoken: string;
}
interface ActionEvent {
  channel: string;
  publisher: string;
  event: string;
  data: ActionData;
}

/** The storage calls of pubnub@7.3.3 (untyped CommonJS) as these tests use them. */
interface Sdk7Storage extends Sdk7 {
  publish(p: {
    channel: string;
    message: unknown;
    meta?: unknown;
    storeInHistory?: boolean;
  }): Promise<{ timetoken: string }>;
  fetchMessages(p: {
    channels: string[];
    count?: number;
    start?: string;
    end?: string;
    includeMeta?: boolean;
    includeMessageActions?: boolean;
    stringifiedTimeToken?: boolean;
  }): Promise<{ channels: Record<string, FetchedEntry[]>; more?: { start: string; max: number } }>;
  messageCounts(p: { channels: string[]; channelTimetokens: string[] }): Promise<{ channels: Record<string, number> }>;
  deleteMessages(p: { channel: string; start?: string; end?: string }): Promise<unknown>;
  addMessageAction(p: {
    channel: string;
    messageTimetoken: string;
    action: { type: string; value: string };
  }): Promise<{ data: ActionData }>;
  removeMessageAction(p: { channel: string; messageTimetoken: string; actionTimetoken: string }): Promise<unknown>;
  getMessageActions(p: {
    channel: string;
    start?: string;
    limit?: number;
  }): Promise<{ data: ActionData[]; more?: unknown }>;
  addListener(l: { messageAction?: (e: ActionEvent) => void; status?: (s: { category: string }) => void }): void;
  subscribe(p: { channels: string[] }): void;
  unsubscribeAll(): void;
}

describe('compat: pubnub@7.3.3 storage v3 and message actions', function () {
  this.timeout(30_000);
  let server: RunningServer;
  const sdks: Sdk7Storage[] = [];
  const clients: Pubnub[] = [];
  let n = 0;
  const channel = () => `st7-${process.pid}-${++n}`;

  before(async () => {
    server = await startServer({ port: 0, keysets: [OPEN, PAM] });
  });
  afterEach(async () => {
    for (const s of sdks.splice(0)) {
      s.unsubscribeAll();
      s.stop();
    }
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  after(() => server.close());

  const sdk = (uuid: string, keys: Record<string, string> = OPEN, extra: Record<string, unknown> = {}) => {
    const s = pubnub7({ url: server.url, uuid, ...keys, ...extra } as Parameters<typeof pubnub7>[0]) as Sdk7Storage;
    sdks.push(s);
    return s;
  };
  const pubkit = (uuid: string, extra: Record<string, unknown> = {}) => {
    const c = new Pubnub({ ...OPEN, origin: server.url, uuid, ...extra });
    clients.push(c);
    return c;
  };

  it('reads what pubkit published (meta, uuid, message type) and pubkit reads what it published', async () => {
    const ch = channel();
    const [, , t1] = await pubkit('kit').publish(ch, { from: 'kit' }, { meta: { lang: 'en' } });
    const { timetoken: t2 } = await sdk('seven').publish({
      channel: ch,
      message: { from: 'seven' },
      meta: { lang: 'fr' },
    });
    const bySdk = await sdk('reader').fetchMessages({ channels: [ch], includeMeta: true, stringifiedTimeToken: true });
    expect(
      bySdk.channels[ch]!.map((e) => [e.message, String(e.timetoken), e.uuid, e.meta, e.messageType]),
    ).to.deep.equal([
      [{ from: 'kit' }, t1, 'kit', { lang: 'en' }, null],
      [{ from: 'seven' }, String(t2), 'seven', { lang: 'fr' }, null],
    ]);
    const byKit = await pubkit('reader').fetchMessages({ channels: [ch], includeMeta: true });
    expect(byKit.channels[ch]!.map((e) => [e.message, e.uuid, e.meta])).to.deep.equal([
      [{ from: 'kit' }, 'kit', { lang: 'en' }],
      [{ from: 'seven' }, 'seven', { lang: 'fr' }],
    ]);
  });

  it('fetches many channels with a count, counts messages, and pubkit decrypts what it encrypted', async () => {
    const [a, b] = [channel(), channel()];
    const seven = sdk('seven', OPEN, { cipherKey: 'shared-key', useRandomIVs: true });
    const { timetoken: ta } = await seven.publish({ channel: a, message: { secret: 1 } });
    await seven.publish({ channel: a, message: { secret: 2 } });
    await seven.publish({ channel: b, message: { secret: 3 } });
    const both = await seven.fetchMessages({ channels: [a, b], count: 1, stringifiedTimeToken: true });
    expect(both.channels[a]!.map((e) => e.message)).to.deep.equal([{ secret: 2 }]);
    expect(both.channels[b]!.map((e) => e.message)).to.deep.equal([{ secret: 3 }]);
    const counts = await sdk('c').messageCounts({ channels: [a, b], channelTimetokens: [String(ta)] });
    expect(counts.channels).to.deep.equal({ [a]: 1, [b]: 1 });
    const kit = pubkit('kit', { cipherKey: 'shared-key', useRandomIVs: true });
    const got = await kit.fetchMessages({ channels: [a] });
    expect(got.channels[a]!.map((e) => e.message)).to.deep.equal([{ secret: 1 }, { secret: 2 }]);
  });

  it('deletes with the secret key (signed), is refused without it, and pubkit sees the result', async () => {
    const ch = channel();
    const admin = sdk('admin', PAM);
    const tokens = [];
    for (const i of [1, 2, 3]) tokens.push(String((await admin.publish({ channel: ch, message: i })).timetoken));
    const unsigned = sdk('nobody', { publishKey: PAM.publishKey, subscribeKey: PAM.subscribeKey });
    expect(await sdk7Status(unsigned.deleteMessages({ channel: ch }))).to.equal(403);
    await admin.deleteMessages({ channel: ch, start: tokens[1], end: tokens[0] });
    const kit = new Pubnub({ ...PAM, origin: server.url, uuid: 'kit' });
    clients.push(kit);
    const left = await kit.fetchMessages({ channels: [ch] });
    expect(left.channels[ch]!.map((e) => e.message)).to.deep.equal([2, 3]);
  });

  it('message actions written by either side are read by the other; duplicates are 409', async () => {
    const ch = channel();
    const seven = sdk('seven');
    const kit = pubkit('kit');
    const [, , mtt] = await kit.publish(ch, 'react to me');
    const bySeven = await seven.addMessageAction({
      channel: ch,
      messageTimetoken: mtt,
      action: { type: 'reaction', value: 'smile' },
    });
    expect(bySeven.data).to.deep.include({ type: 'reaction', value: 'smile', uuid: 'seven', messageTimetoken: mtt });
    expect(
      await sdk7Status(
        seven.addMessageAction({ channel: ch, messageTimetoken: mtt, action: { type: 'reaction', value: 'smile' } }),
      ),
    ).to.equal(409);
    const byKit = await kit.addMessageAction({
      channel: ch,
      messageTimetoken: mtt,
      action: { type: 'receipt', value: 'read' },
    });
    const kitView = await kit.getMessageActions({ channel: ch });
    expect(kitView.data.map((a) => [a.uuid, a.type])).to.deep.equal([
      ['seven', 'reaction'],
      ['kit', 'receipt'],
    ]);
    const sevenView = await seven.getMessageActions({ channel: ch });
    expect(sevenView.data.map((a) => a.actionTimetoken)).to.deep.equal([
      bySeven.data.actionTimetoken,
      byKit.data.actionTimetoken,
    ]);
    const withActions = await seven.fetchMessages({ channels: [ch], includeMessageActions: true });
    expect(withActions.channels[ch]![0]!.actions).to.deep.equal({
      reaction: { smile: [{ uuid: 'seven', actionTimetoken: bySeven.data.actionTimetoken }] },
      receipt: { read: [{ uuid: 'kit', actionTimetoken: byKit.data.actionTimetoken }] },
    });
    await seven.removeMessageAction({
      channel: ch,
      messageTimetoken: mtt,
      actionTimetoken: byKit.data.actionTimetoken,
    });
    expect((await kit.getMessageActions({ channel: ch })).data.map((a) => a.uuid)).to.deep.equal(['seven']);
  });

  it('live action events cross both ways: pubkit sees pubnub@7.3.3 actions, pubnub@7.3.3 sees pubkit actions', async () => {
    const ch = channel();
    const seven = sdk('seven');
    const kit = pubkit('kit');
    const sevenEvents: ActionEvent[] = [];
    let sevenConnected = false;
    seven.addListener({
      messageAction: (e) => sevenEvents.push(e),
      status: (s) => {
        if (s.category === 'PNConnectedCategory') sevenConnected = true;
      },
    });
    seven.subscribe({ channels: [ch] });
    const kitEvents: { event: string; uuid: string }[] = [];
    let kitConnected = false;
    const sub = kit.subscribe(ch, {
      messageAction: (e) => kitEvents.push({ event: e.event, uuid: e.data.uuid }),
      connect: () => {
        kitConnected = true;
      },
    });
    await until(() => sevenConnected && kitConnected, 'both subscribed');
    const [, , mtt] = await kit.publish(ch, 'm');
    const added = await kit.addMessageAction({
      channel: ch,
      messageTimetoken: mtt,
      action: { type: 'reaction', value: 'wave' },
    });
    await seven.addMessageAction({ channel: ch, messageTimetoken: mtt, action: { type: 'reaction', value: 'nod' } });
    await until(() => sevenEvents.length === 2 && kitEvents.length === 2, 'two events on each side');
    expect(sevenEvents[0]).to.deep.include({ channel: ch, publisher: 'kit', event: 'added' });
    expect(sevenEvents[0]!.data).to.deep.include({
      type: 'reaction',
      value: 'wave',
      uuid: 'kit',
      messageTimetoken: mtt,
      actionTimetoken: added.data.actionTimetoken,
    });
    expect(kitEvents).to.deep.equal([
      { event: 'added', uuid: 'kit' },
      { event: 'added', uuid: 'seven' },
    ]);
    await sub.unsubscribe();
  });
});
