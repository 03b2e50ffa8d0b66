/** Subscribe v1 responses: every row of the docs/protocol.md §2.3 table, verbatim. */
import {
  PubnubAccessDeniedError,
  PubnubCryptoError,
  PubnubMalformedResponseError,
  parseSubscribeV1,
} from '@pubkit/core';
import { expect } from 'chai';
import { realCipher, res, thrown } from './helpers.js';

describe('operations/subscribe (v1 parse)', () => {
  it('reads the empty batch [[],"tt"] (ruby 3.8.0 subscribe-nonssl-block-valid-200-sync.yml)', () => {
    expect(parseSubscribeV1(res('[[],"13904299143307006"]'), ['demo'])).to.deep.equal({
      cursor: { timetoken: '13904299143307006', region: 1 },
      messages: [],
    });
  });

  it('attributes a 2-element batch to the first requested channel', () => {
    const { messages } = parseSubscribeV1(res('[[{"text":"hey"}],"13940637933539567"]'), ['demo']);
    expect(messages).to.deep.equal([
      {
        channel: 'demo',
        subscription: 'demo',
        timetoken: '13940637933539567',
        region: 1,
        eventType: 'message',
        message: { text: 'hey' },
      },
    ]);
  });

  it('reads a 2-element presence batch on demo-pnpres as presence', () => {
    const body =
      '[[{"action": "join", "timestamp": 1396891554, "uuid": "a1259d2d-7a7c-485f-8076-028a327e976d", "occupancy": 1}],"13968915543625014"]';
    const [env] = parseSubscribeV1(res(body), ['demo-pnpres'], realCipher('secret')).messages;
    expect(env).to.deep.include({ channel: 'demo-pnpres', eventType: 'presence', timetoken: '13968915543625014' });
    expect(env?.message).to.deep.equal({
      action: 'join',
      timestamp: 1396891554,
      uuid: 'a1259d2d-7a7c-485f-8076-028a327e976d',
      occupancy: 1,
    });
    expect(env?.error).to.equal(undefined);
  });

  it('reads the 3-element multiplexed batch: one channel per message, in order', () => {
    const body =
      '[["STRING",1,[1,2,3],{"text":"hey"},"STRING",1,[1,2,3],{"text":"hey"}],"13912266871147900","test_channel_one,test_channel_one,test_channel_one,test_channel_one,test_channel_two,test_channel_two,test_channel_two,test_channel_two"]';
    const { cursor, messages } = parseSubscribeV1(res(body), ['test_channel_one', 'test_channel_two']);
    expect(cursor).to.deep.equal({ timetoken: '13912266871147900', region: 1 });
    expect(messages.map((m) => [m.channel, m.subscription, m.message])).to.deep.equal([
      ['test_channel_one', 'test_channel_one', 'STRING'],
      ['test_channel_one', 'test_channel_one', 1],
      ['test_channel_one', 'test_channel_one', [1, 2, 3]],
      ['test_channel_one', 'test_channel_one', { text: 'hey' }],
      ['test_channel_two', 'test_channel_two', 'STRING'],
      ['test_channel_two', 'test_channel_two', 1],
      ['test_channel_two', 'test_channel_two', [1, 2, 3]],
      ['test_channel_two', 'test_channel_two', { text: 'hey' }],
    ]);
  });

  it('decrypts v1 messages (C19 ciphertexts with key `secret`, docs/protocol.md §7.4)', () => {
    const body =
      '[["VIzFOUfeD3yWm13U47PfgA==","qPg5tWq0doBTaYknVwHR7A==","QKmAcDUf7FYpim/xjSUI1g==","o/RAODcs9cdCODyMVKwE0A=="],"13912266871147900","test_channel_one,test_channel_one,test_channel_one,test_channel_one"]';
    const { messages } = parseSubscribeV1(res(body), ['test_channel_one'], realCipher('secret'));
    expect(messages.map((m) => m.message)).to.deep.equal(['STRING', 1, [1, 2, 3], { text: 'hey' }]);
  });

  it('hands on an undecryptable v1 message with its error', () => {
    const { messages } = parseSubscribeV1(
      res('[[{"text":"hey"}],"13940637933539567"]'),
      ['demo'],
      realCipher('secret'),
    );
    expect(messages[0]?.message).to.deep.equal({ text: 'hey' });
    expect(messages[0]?.error).to.be.instanceOf(PubnubCryptoError);
  });

  it('reads the 4-element group batch: element 2 subscription, element 3 channel (quirk 21)', () => {
    const body = '[["*****.......... 4495 - 2014-11-05 04:08:46"],"14151893260958179","foo:foo","bot"]';
    const [env] = parseSubscribeV1(res(body), []).messages;
    expect(env).to.deep.equal({
      channel: 'bot',
      subscription: 'foo:foo',
      timetoken: '14151893260958179',
      region: 1,
      eventType: 'message',
      message: '*****.......... 4495 - 2014-11-05 04:08:46',
    });
  });

  it('reads the 4-element wildcard presence batch as presence on the actual channel', () => {
    const body =
      '[[{"action": "join", "timestamp": 1437664194, "uuid": "c7769435-…", "occupancy": 1}],"14376641942784868","foo.*","foo.foo-pnpres"]';
    const [env] = parseSubscribeV1(res(body), []).messages;
    expect(env).to.deep.include({ channel: 'foo.foo-pnpres', subscription: 'foo.*', eventType: 'presence' });
  });

  it('keeps batch timetokens differing only in the last digit distinct', () => {
    const a = parseSubscribeV1(res('[[1],"13940637933539567"]'), ['demo']);
    const b = parseSubscribeV1(res('[[1],"13940637933539568"]'), ['demo']);
    expect([a.cursor.timetoken, a.messages[0]?.timetoken]).to.deep.equal(['13940637933539567', '13940637933539567']);
    expect([b.cursor.timetoken, b.messages[0]?.timetoken]).to.deep.equal(['13940637933539568', '13940637933539568']);
  });

  it('turns the 403 body into PubnubAccessDeniedError (docs/protocol.md §2.3)', () => {
    const body =
      '{"message":"Forbidden","payload":{"channels":["ch"]},"error":true,"service":"Access Manager","status":403}';
    expect(thrown(() => parseSubscribeV1(res(body, 403), ['ch']))).to.be.instanceOf(PubnubAccessDeniedError);
  });

  it('refuses shapes that are not one of the three forms', () => {
    for (const [body, channels] of [
      ['{"t":{"t":"14607577960932487","r":1},"m":[]}', ['a']],
      ['[[],"13904299143307006","a","b","c"]', ['a']],
      ['[[1,2],"13904299143307006","a"]', ['a']],
      ['[[1],"x"]', ['a']],
      ['[[1],"13904299143307006"]', []],
    ] as const) {
      expect(thrown(() => parseSubscribeV1(res(body), channels))).to.be.instanceOf(PubnubMalformedResponseError);
    }
  });
});
