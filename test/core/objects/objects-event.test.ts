/**
 * The App Context event reader (docs/protocol.md §14.5): `e: 2` envelopes of set/delete of a user, a channel and a
 * membership become typed events in the official SDK's shape; anything else is not one.
 */
import { parseSubscribe, readObjectsEvent, type SubscribeEnvelope } from '@pubkit/core';
import { expect } from 'chai';
import { res } from '../operations/helpers.js';

function envelope(d: unknown, extra: Record<string, unknown> = { e: 2, i: 'writer' }): SubscribeEnvelope {
  const body = JSON.stringify({
    t: { t: '200', r: 1 },
    m: [{ a: '1', f: 0, p: { t: '150', r: 1 }, k: 'sub', c: 'c1', d, ...extra }],
  });
  const parsed = parseSubscribe(res(body));
  const first = parsed.messages[0];
  if (first === undefined) throw new Error('no envelope');
  return first;
}

const STAMP = { updated: '2026-01-01T00:00:00.000Z', eTag: 'E' };

describe('core/objects: objects events', () => {
  it('a user set: the whole object as data, the publisher, the channel and timetoken', () => {
    const data = { id: 'u1', name: 'Ann', custom: { a: 1 }, ...STAMP };
    const event = readObjectsEvent(envelope({ source: 'objects', version: '2.0', event: 'set', type: 'uuid', data }));
    expect(event).to.deep.equal({
      channel: 'c1',
      subscription: 'c1',
      timetoken: '150',
      publisher: 'writer',
      message: { source: 'objects', version: '2.0', event: 'set', type: 'uuid', data },
    });
  });

  it('a channel delete and a membership set; `e` as a string works too', () => {
    const del = readObjectsEvent(
      envelope({ source: 'objects', version: '2.0', event: 'delete', type: 'channel', data: { id: 'c1' } }),
    );
    expect(del?.message).to.deep.include({ event: 'delete', type: 'channel', data: { id: 'c1' } });
    const membership = { channel: { id: 'c1' }, uuid: { id: 'u1' }, custom: null, status: 'active', ...STAMP };
    const set = readObjectsEvent(
      envelope({ source: 'objects', version: '2.0', event: 'set', type: 'membership', data: membership }, { e: '2' }),
    );
    expect(set?.message).to.deep.equal({
      source: 'objects',
      version: '2.0',
      event: 'set',
      type: 'membership',
      data: membership,
    });
    expect(set).to.not.have.property('publisher');
  });

  it('not an objects event: another type, an unknown event or type, data without ids', () => {
    const ok = { source: 'objects', version: '2.0', event: 'set', type: 'uuid', data: { id: 'u' } };
    expect(readObjectsEvent(envelope(ok, { e: 3 }))).to.equal(undefined);
    expect(readObjectsEvent(envelope({ ...ok, event: 'update' }))).to.equal(undefined);
    expect(readObjectsEvent(envelope({ ...ok, type: 'space' }))).to.equal(undefined);
    expect(readObjectsEvent(envelope({ ...ok, data: { name: 'x' } }))).to.equal(undefined);
    expect(readObjectsEvent(envelope({ ...ok, type: 'membership', data: { channel: { id: 'c' } } }))).to.equal(
      undefined,
    );
    expect(readObjectsEvent(envelope('text'))).to.equal(undefined);
  });
});
