/** history: request against the captured trace (docs/protocol.md §9.1), parser against recorded bodies (§2.5). */
import {
  buildHistory,
  PubnubCryptoError,
  PubnubMalformedResponseError,
  PubnubValidationError,
  parseHistory,
  toSeedHistory,
} from '@pubkit/core';
import { expect } from 'chai';
import { authCtx, ctx, realCipher, res, thrown, wire } from './helpers.js';

// Recorded bodies (docs/protocol.md §2.5): python native_sync/history/basic.yaml; ruby all_history_messages_1.yml (first
// entry of the page); JS history.test.ts string_message_token (first entry); ruby fixtures' empty page.
const BASIC = '[["hey-0","hey-1","hey-2","hey-3","hey-4"],14820999261239656,14820999264622346]';
const TOKEN_NUMBERS =
  '[[{"message": {"text": "Test message #5"}, "timetoken": 16376215880582193}],16376215880582193,16376215943848282]';
const TOKEN_STRINGS =
  '[[{"message":{"text":"hey"},"timetoken":"14648503433058358"}],"14648503433058358","14649346364851578"]';
const EMPTY = '[[],0,0]';

describe('operations/history', () => {
  describe('buildHistory', () => {
    it('matches the JS trace query for the same call (docs/protocol.md §9.1)', () => {
      const req = buildHistory(
        {
          channel: 'ch1',
          count: 10,
          start: '17000000000000000',
          end: '17000000000000099',
          reverse: true,
          includeMeta: true,
        },
        ctx,
      );
      expect(wire(req)).to.equal(
        '/v2/history/sub-key/sub/channel/ch1?count=10&include_token=true&start=17000000000000000&end=17000000000000099&string_message_token=true&reverse=true&include_meta=true&stringtoken=true&uuid=user-1&pnsdk=PubKit-Node%2F0.1.0',
      );
      expect(req.timeoutMs).to.equal(ctx.requestTimeoutMs);
    });

    it('defaults to count=100 with tokens, both string flags, no reverse, and adds auth', () => {
      const req = buildHistory({ channel: 'ch1' }, authCtx);
      expect(req.query).to.deep.equal({
        count: '100',
        include_token: 'true',
        string_message_token: 'true',
        stringtoken: 'true',
        uuid: 'user-1',
        pnsdk: 'PubKit-Node/0.1.0',
        auth: 'ak',
      });
    });

    it('omits include_token when includeToken is false and sends reverse=false when given', () => {
      const req = buildHistory({ channel: 'ch1', includeToken: false, reverse: false }, ctx);
      expect(req.query).to.not.have.key('include_token');
      expect(req.query.reverse).to.equal('false');
    });

    it('refuses a count outside 1..100 and non-string timetokens, naming the field', () => {
      const field = (fn: () => unknown) => {
        const err = thrown(fn);
        expect(err).to.be.instanceOf(PubnubValidationError);
        return (err as PubnubValidationError).field;
      };
      for (const count of [0, 101, 1.5, Number.NaN])
        expect(field(() => buildHistory({ channel: 'c', count }, ctx))).to.equal('count');
      expect(buildHistory({ channel: 'c', count: 1 }, ctx).query.count).to.equal('1');
      expect(field(() => buildHistory({ channel: 'c', start: 17e15 as never }, ctx))).to.equal('start');
      expect(field(() => buildHistory({ channel: 'c', end: '-1' }, ctx))).to.equal('end');
      expect(field(() => buildHistory({ channel: 'a:b' }, ctx))).to.equal('channel');
    });
  });

  describe('parseHistory', () => {
    it('reads the basic page (raw messages, bare-number start/end) exactly', () => {
      const page = parseHistory(res(BASIC), undefined, false);
      expect(page).to.deep.equal({
        messages: ['hey-0', 'hey-1', 'hey-2', 'hey-3', 'hey-4'].map((message) => ({ message })),
        start: '14820999261239656',
        end: '14820999264622346',
      });
      // the same body read as a tokenized page: string entries are raw messages
      expect(parseHistory(res(BASIC)).messages[0]).to.deep.equal({ message: 'hey-0' });
    });

    it('reads include_token entries with bare-number timetokens exactly', () => {
      expect(parseHistory(res(TOKEN_NUMBERS))).to.deep.equal({
        messages: [{ message: { text: 'Test message #5' }, timetoken: '16376215880582193' }],
        start: '16376215880582193',
        end: '16376215943848282',
      });
    });

    it('reads string_message_token entries', () => {
      expect(parseHistory(res(TOKEN_STRINGS))).to.deep.equal({
        messages: [{ message: { text: 'hey' }, timetoken: '14648503433058358' }],
        start: '14648503433058358',
        end: '14649346364851578',
      });
    });

    it('reads the empty page [[],0,0] with start and end "0"', () => {
      expect(parseHistory(res(EMPTY))).to.deep.equal({ messages: [], start: '0', end: '0' });
    });

    it('keeps start, end and entry timetokens differing only in the last digit distinct', () => {
      const a = parseHistory(res(TOKEN_NUMBERS));
      const b = parseHistory(res(TOKEN_NUMBERS.replaceAll('16376215880582193', '16376215880582194')));
      expect([a.start, a.messages[0]?.timetoken]).to.deep.equal(['16376215880582193', '16376215880582193']);
      expect([b.start, b.messages[0]?.timetoken]).to.deep.equal(['16376215880582194', '16376215880582194']);
      expect(parseHistory(res(BASIC.replace('14820999264622346', '14820999264622347'))).end).to.equal(
        '14820999264622347',
      );
    });

    it('reads meta when the entry has it (include_meta)', () => {
      const body = TOKEN_STRINGS.replace(
        '"timetoken":"14648503433058358"',
        '"timetoken":"14648503433058358","meta":{"m":1}',
      );
      expect(parseHistory(res(body)).messages[0]?.meta).to.deep.equal({ m: 1 });
    });

    it('does not mistake a user object with a message key for an entry when tokens were not asked', () => {
      const body = '[[{"message":"hi","timetoken":1}],0,0]';
      expect(parseHistory(res(body), undefined, false).messages[0]).to.deep.equal({
        message: { message: 'hi', timetoken: 1 },
      });
    });

    it('decrypts entries (C18, key cipherKey) and reports a failure per entry, going on', () => {
      const body =
        '[[{"message":"zFJeF9BVABL80GUiQEBjLg==","timetoken":"14648503433058358"},{"message":"hey","timetoken":"14648503433058359"},{"message":"HIq4MTi9nk/KEYlHOKpMCaH78ZXppGynDHrgY9nAd3s=","timetoken":"14649346364851578"}],"14648503433058358","14649346364851578"]';
      const { messages } = parseHistory(res(body), realCipher('cipherKey'));
      expect(messages[0]).to.deep.equal({ message: { text: 'hey' }, timetoken: '14648503433058358' });
      expect(messages[1]?.message).to.equal('hey');
      expect(messages[1]?.error).to.be.instanceOf(PubnubCryptoError);
      expect(messages[2]).to.deep.equal({ message: { text2: 'hey2' }, timetoken: '14649346364851578' });
    });

    it('decrypts random-IV entries (C21, key testKey)', () => {
      const body =
        '[["a25pZ2h0c29mbmkxMjM0NYLqFAmzV6xEhv4befhT3U8=","a25pZ2h0c29mbmkxMjM0NcZVmNRxZhNvTFrzj1NLAvA=","a25pZ2h0c29mbmkxMjM0NQUHAKTmGtfbQTshE+upPfo=","a25pZ2h0c29mbmkxMjM0NRb5Ke0DzS9x7TPYNwygP7E=","a25pZ2h0c29mbmkxMjM0NUBxx2hBiI1eW4nG9MkX0Zg="],14820999261239656,14820999264622346]';
      const { messages } = parseHistory(res(body), realCipher('testKey', true), false);
      expect(messages.map((m) => m.message)).to.deep.equal(['hey-0', 'hey-1', 'hey-2', 'hey-3', 'hey-4']);
    });

    it('refuses bodies that are not [[entries], start, end]', () => {
      for (const body of ['{}', '[[]]', '[[],"x","0"]', '["a",0,0]', '[[],0]']) {
        expect(thrown(() => parseHistory(res(body)))).to.be.instanceOf(PubnubMalformedResponseError);
      }
    });
  });

  describe('toSeedHistory', () => {
    it('gives the seed [[messages], start, end] form', () => {
      expect(toSeedHistory(parseHistory(res(TOKEN_NUMBERS)))).to.deep.equal([
        [{ text: 'Test message #5' }],
        '16376215880582193',
        '16376215943848282',
      ]);
      expect(toSeedHistory(parseHistory(res(TOKEN_NUMBERS)), true)).to.deep.equal([
        [{ message: { text: 'Test message #5' }, timetoken: '16376215880582193' }],
        '16376215880582193',
        '16376215943848282',
      ]);
      expect(toSeedHistory(parseHistory(res(EMPTY)))).to.deep.equal([[], '0', '0']);
    });
  });
});
