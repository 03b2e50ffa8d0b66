/**
 * The one reader from a subscribe envelope to a listener event (docs/protocol.md §2.12): each `e` becomes the
 * event of its listener method, in the official SDK's shape; payloads without their type's shape are no event.
 * Envelopes go through `parseSubscribe` from wire JSON, as the client receives them.
 */
import { parseSubscribe, readListenerEvent, type SubscribeEnvelope } from '@pubkit/core';
import { expect } from 'chai';
import { realCipher, res } from '../operations/helpers.js';

/** One envelope on the wire (`p.t` and `k` filled in), parsed as the client parses it. */
function envelope(fields: Record<string, unknown>): SubscribeEnvelope {
  const raw = { a: '1', f: 0, k: 'sub', p: { t: '17000000000000001', r: 1 }, ...fields };
  return parseSubscribe(res(JSON.stringify({ t: { t: '17000000000000002', r: 1 }, m: [raw] }))).messages[0]!;
}

const BASE = { channel: 'room', subscription: 'room', timetoken: '17000000000000001' };

describe('events/readListenerEvent', () => {
  it('a message (no e) with meta becomes a message event; e=1 a signal event', () => {
    expect(readListenerEvent(envelope({ c: 'room', i: 'u1', d: { t: 'hi' }, u: { lang: 'en' } }))).to.deep.equal({
      type: 'message',
      event: { ...BASE, publisher: 'u1', message: { t: 'hi' }, userMetadata: { lang: 'en' } },
    });
    expect(readListenerEvent(envelope({ c: 'room', b: 'room.*', e: 1, i: 'u2', d: 'typing' }))).to.deep.equal({
      type: 'signal',
      event: { ...BASE, subscription: 'room.*', publisher: 'u2', message: 'typing' },
    });
  });

  it('a presence event names the plain channel and subscription and carries state', () => {
    const read = readListenerEvent(
      envelope({
        c: 'room-pnpres',
        b: 'cg-pnpres',
        d: { action: 'state-change', uuid: 'u1', occupancy: 2, timestamp: 1700000000, data: { mood: 'ok' } },
      }),
    );
    expect(read).to.deep.equal({
      type: 'presence',
      event: {
        ...BASE,
        subscription: 'cg',
        action: 'state-change',
        uuid: 'u1',
        occupancy: 2,
        timestamp: 1700000000,
        state: { mood: 'ok' },
      },
    });
    const interval = readListenerEvent(
      envelope({ c: 'room-pnpres', d: { action: 'interval', occupancy: 30, timestamp: 1, join: ['a', 'b'] } }),
    );
    expect(interval?.event).to.deep.include({ action: 'interval', join: ['a', 'b'], channel: 'room' });
  });

  it('an App Context event (e=2) for a uuid, a channel and a membership', () => {
    const uuid = readListenerEvent(
      envelope({
        c: 'u1',
        e: 2,
        i: 'admin',
        d: { source: 'objects', version: '2.0', event: 'set', type: 'uuid', data: { id: 'u1', name: 'Ann' } },
      }),
    );
    expect(uuid).to.deep.equal({
      type: 'objects',
      event: {
        channel: 'u1',
        subscription: 'u1',
        timetoken: BASE.timetoken,
        publisher: 'admin',
        message: { event: 'set', type: 'uuid', data: { id: 'u1', name: 'Ann' } },
      },
    });
    const gone = readListenerEvent(
      envelope({ c: 'room', e: 2, d: { source: 'objects', event: 'delete', type: 'channel', data: { id: 'room' } } }),
    );
    expect(gone?.event).to.deep.include({ message: { event: 'delete', type: 'channel', data: { id: 'room' } } });
    const membership = { uuid: { id: 'u1' }, channel: { id: 'room' }, custom: { role: 'mod' } };
    const member = readListenerEvent(
      envelope({ c: 'room', e: 2, d: { source: 'objects', event: 'set', type: 'membership', data: membership } }),
    );
    expect(member?.event).to.deep.include({ message: { event: 'set', type: 'membership', data: membership } });
  });

  it('a file event (e=4) with its caption, and its URL when the client gives a builder', () => {
    const d = { message: { text: 'see this' }, file: { id: 'f-1', name: 'cat.png' } };
    expect(readListenerEvent(envelope({ c: 'room', e: 4, i: 'u1', d, u: { x: 1 } }))).to.deep.equal({
      type: 'file',
      event: {
        ...BASE,
        publisher: 'u1',
        message: { text: 'see this' },
        file: { id: 'f-1', name: 'cat.png' },
        userMetadata: { x: 1 },
      },
    });
    const fileUrl = (f: { channel: string; id: string; name: string }) =>
      `https://files/${f.channel}/${f.id}/${f.name}`;
    const read = readListenerEvent(envelope({ c: 'room', e: 4, d }), { fileUrl });
    expect(read?.type === 'file' && read.event.file).to.deep.equal({
      id: 'f-1',
      name: 'cat.png',
      url: 'https://files/room/f-1/cat.png',
    });
  });

  it('an encrypted file event is decrypted with the cipher; ciphertext without the key is no event', () => {
    const cipher = realCipher('enigma');
    const d = cipher.encrypt(JSON.stringify({ message: 'secret caption', file: { id: 'f-2', name: 'a.txt' } }));
    const read = readListenerEvent(envelope({ c: 'room', e: 4, d }), { cipher });
    expect(read?.event).to.deep.include({ message: 'secret caption', file: { id: 'f-2', name: 'a.txt' } });
    expect(readListenerEvent(envelope({ c: 'room', e: 4, d }))).to.equal(undefined);
    expect(readListenerEvent(envelope({ c: 'room', e: 4, d }), { cipher: realCipher('other') })).to.equal(undefined);
  });

  it('a message action event (e=3) is the event the per-call messageAction callback receives', () => {
    const data = { type: 'reaction', value: 'wave', messageTimetoken: '16', actionTimetoken: '17' };
    const read = readListenerEvent(
      envelope({ c: 'room', e: 3, i: 'u3', d: { source: 'actions', event: 'added', data } }),
    );
    expect(read).to.deep.equal({
      type: 'messageAction',
      event: { ...BASE, event: 'added', publisher: 'u3', data: { ...data, uuid: 'u3' } },
    });
  });

  it('payloads without their type’s shape are no event', () => {
    const odd: Record<string, unknown>[] = [
      { c: 'room-pnpres', d: 'not an object' },
      { c: 'room-pnpres', d: { uuid: 'no action' } },
      { c: 'u1', e: 2, d: { event: 'set', type: 'uuid', data: { name: 'no id' } } },
      { c: 'u1', e: 2, d: { event: 'updated', type: 'uuid', data: { id: 'u1' } } },
      { c: 'u1', e: 2, d: { event: 'set', type: 'space', data: { id: 'u1' } } },
      { c: 'u1', e: 2, d: { event: 'set', type: 'membership', data: { uuid: { id: 'u1' } } } },
      { c: 'room', e: 3, d: { event: 'added' } },
      { c: 'room', e: 4, d: { message: 'no file' } },
      { c: 'room', e: 4, d: { file: { id: 7, name: 'x' } } },
    ];
    for (const fields of odd) expect(readListenerEvent(envelope(fields)), JSON.stringify(fields)).to.equal(undefined);
  });
});
