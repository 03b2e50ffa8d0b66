/**
 * Every event type reaches both the client-wide listeners and the per-call callbacks, from the one reader
 * (issue 12, docs/protocol.md §2.12). App Context (`e: 2`) and file (`e: 4`) events are not yet produced by the
 * local server, so a scripted origin over real HTTP sends one long-poll answer holding one envelope of each type.
 */
import { type FileEvent, type MessageActionEvent, type ObjectsEvent, Pubnub } from '@pubkit/node';
import { expect } from 'chai';
import { Feed } from '../../compat/feed.js';
import { type BadResponder, startBadResponder } from './support/bad-responder.js';

const T0 = '17958824830000000';
const T1 = '17958824850000000';
const P = (t: string) => ({ t, r: 1 });

/** One envelope of each event type on channel `room` (and its presence channel). */
const ENVELOPES = [
  { c: 'room', p: P('17958824830000001'), i: 'u1', d: 'hello' },
  { c: 'room', p: P('17958824830000002'), i: 'u1', e: 1, d: 'typing' },
  {
    c: 'room-pnpres',
    p: P('17958824830000003'),
    d: { action: 'join', uuid: 'u2', occupancy: 2, timestamp: 1700000000 },
  },
  {
    c: 'room',
    p: P('17958824830000004'),
    i: 'admin',
    e: 2,
    d: { source: 'objects', version: '2.0', event: 'set', type: 'channel', data: { id: 'room', name: 'Room' } },
  },
  {
    c: 'room',
    p: P('17958824830000005'),
    i: 'u3',
    e: 3,
    d: {
      source: 'actions',
      event: 'added',
      data: { type: 'reaction', value: 'wave', messageTimetoken: '17958824830000001', actionTimetoken: '1' },
    },
  },
  {
    c: 'room',
    p: P('17958824830000006'),
    i: 'u4',
    e: 4,
    d: { message: 'a cat', file: { id: 'f-1', name: 'cat.png' } },
  },
];

describe('node client: every event type to listeners and per-call callbacks', () => {
  let responder: BadResponder | undefined;
  let client: Pubnub | undefined;
  afterEach(async () => {
    await client?.close();
    await responder?.close();
  });

  it('message, signal, presence, objects, messageAction and file: each to its method, once', async () => {
    let polls = 0;
    responder = await startBadResponder((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (!url.pathname.startsWith('/v2/subscribe/')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":200,"message":"OK"}');
        return;
      }
      polls += 1;
      if (!url.searchParams.has('tt')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ t: P(T0), m: [] }));
      } else if (polls === 2) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ t: P(T1), m: ENVELOPES }));
      } // later polls are held open until the client closes
    });
    client = new Pubnub({ publishKey: 'pub', subscribeKey: 'sub', origin: responder.url });
    const heard = new Feed<string>();
    const objects = new Feed<ObjectsEvent>();
    const files = new Feed<FileEvent>();
    client.addListener({
      message: (e) => heard.push(`listener message ${String(e.message)}`),
      signal: (e) => heard.push(`listener signal ${String(e.message)}`),
      presence: (e) => heard.push(`listener presence ${e.action} ${e.uuid} ${e.channel}`),
      objects: (e) => {
        heard.push(`listener objects ${e.message.type} ${e.message.data.id}`);
        objects.push(e);
      },
      messageAction: (e) => heard.push(`listener messageAction ${e.data.value}`),
      file: (e) => {
        heard.push(`listener file ${e.file.name}`);
        files.push(e);
      },
    });
    const handle = client.subscribe({
      channels: ['room'],
      withPresence: true,
      callback: (m, _c, env) => heard.push(`callback ${env.eventType} ${String(m)}`),
      presence: (e, c) => heard.push(`presence ${e.action} ${e.uuid} ${c}`),
      objects: (e, c) => heard.push(`objects ${e.message.type} ${c}`),
      messageAction: (e: MessageActionEvent) => heard.push(`messageAction ${e.data.value}`),
      file: (e, c) => heard.push(`file ${e.file.id} ${c}`),
    });
    await heard.until((h) => h.length === 12, 'twelve deliveries');
    expect(heard.items).to.have.members([
      'callback message hello',
      'listener message hello',
      'callback signal typing',
      'listener signal typing',
      'presence join u2 room',
      'listener presence join u2 room',
      'objects channel room',
      'listener objects channel room',
      'messageAction wave',
      'listener messageAction wave',
      'file f-1 room',
      'listener file cat.png',
    ]);
    expect(objects.items[0]).to.deep.equal({
      channel: 'room',
      subscription: 'room',
      timetoken: '17958824830000004',
      publisher: 'admin',
      message: { event: 'set', type: 'channel', data: { id: 'room', name: 'Room' } },
    });
    // The Files API completes file events with this client's download URL (docs/protocol.md §15.10).
    const url = client.getFileUrl({ channel: 'room', id: 'f-1', name: 'cat.png' });
    expect(files.items[0]).to.deep.include({
      message: 'a cat',
      publisher: 'u4',
      file: { id: 'f-1', name: 'cat.png', url },
    });
    await handle.unsubscribe();
  });
});
