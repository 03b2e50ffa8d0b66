/**
 * Fuzzing every core parser (docs/testing.md §3): for any response a service, a proxy or an attacker could send,
 * each `parse*` function returns or throws a `PubnubError` (typed, with a code): never a TypeError, a RangeError, a
 * SyntaxError or a hang. The same for the readers of nested shapes, the token codec, the filter parser, the
 * cipher's payload decoder, timetoken helpers and the wire decoders the server shares.
 */
import * as core from '@pubkit/core/internal';
import { nodeCrypto, nodeRandom } from '@pubkit/node';
import { expect } from 'chai';
import fc from 'fast-check';
import { body, response, timetokenish } from './arbitraries.js';
import { budget, TEST_TIMEOUT_MS, typedOrNothing } from './budget.js';

const cipher = core.createCipher({ cipherKey: 'fuzz-key' }, { crypto: nodeCrypto, random: nodeRandom });

type ResponseParser = (res: core.PnResponse, ...rest: never[]) => unknown;

/** Every `parse*` export whose first argument is a response, found by name so a new parser is fuzzed at once. */
const NOT_RESPONSE_PARSERS = new Set(['parseFilter', 'parseObjectsFilter', 'parseQuery', 'parseToken', 'parseJson']);
/** Any reader of an App Context record: one that takes everything, one that takes nothing. */
const takeAll = (value: unknown): unknown => value;
const takeNone = (): undefined => undefined;
const responseParsers = Object.entries(core)
  .filter(([name, value]) => /^parse[A-Z]/.test(name) && typeof value === 'function' && !NOT_RESPONSE_PARSERS.has(name))
  .map(([name, value]) => [name, value as ResponseParser] as const);

/** Extra arguments some parsers take (a cipher to decrypt with, the names asked for). */
const EXTRA: Record<string, unknown[][]> = {
  parseSubscribe: [[], [cipher]],
  parseSubscribeV1: [[['a', 'b']], [['a'], cipher]],
  parseHistory: [[], [cipher], [cipher, false]],
  parseFetchMessages: [[], [cipher]],
  parseGetState: [[], [{ channels: ['a', 'b'], channelGroups: [] }]],
  parseSetState: [[], [{ channels: ['a'], channelGroups: ['g'] }]],
  // The App Context readers shared by its operations (docs/protocol.md §14): operation, record reader, expectation.
  parseObject: [
    ['getUUIDMetadata', takeAll, 'a user'],
    ['getChannelMetadata', takeNone, 'a channel'],
  ],
  parsePage: [
    ['getAllUUIDMetadata', takeAll, 'users'],
    ['getMemberships', takeNone, 'memberships'],
  ],
};

describe('fuzz: core parsers never throw untyped errors', function () {
  this.timeout(TEST_TIMEOUT_MS);

  it('finds the parsers to fuzz (every response parser of the core)', () => {
    expect(responseParsers.length).to.be.at.least(25);
    expect(responseParsers.map(([name]) => name)).to.include.members(['parseSubscribe', 'parsePublish', 'parseTime']);
  });

  for (const [name, parse] of responseParsers) {
    it(`${name}: any response → a result or a PubnubError`, () => {
      const variants = EXTRA[name] ?? [[]];
      fc.assert(
        fc.property(response, fc.nat(variants.length - 1), (res, v) => {
          typedOrNothing(name, () => (parse as (...args: unknown[]) => unknown)(res, ...variants[v]!));
        }),
        budget(0.6),
      );
    });
  }

  it('readJson: any body and status → JSON or a PubnubError', () => {
    fc.assert(
      fc.property(response, (res) => {
        typedOrNothing('readJson', () => core.readJson(res, 'publish'));
      }),
      budget(),
    );
  });

  it("parseJson (timetoken lifting): any text → what JSON.parse reads, or JSON.parse's own SyntaxError", () => {
    fc.assert(
      fc.property(body, (text) => {
        let plainFailed = false;
        try {
          JSON.parse(text);
        } catch {
          plainFailed = true;
        }
        try {
          core.parseJson(text);
        } catch (err) {
          expect(err, `parseJson(${JSON.stringify(text)})`).to.be.instanceOf(SyntaxError);
          expect(plainFailed, `parseJson refused ${JSON.stringify(text)}, which JSON.parse reads`).to.equal(true);
        }
      }),
      budget(),
    );
  });

  it('readers of nested shapes (actions, action events, token bodies): any value → a result or undefined/PubnubError', () => {
    const anything = fc.anything({ maxDepth: 3, withMap: true, withTypedArray: true });
    fc.assert(
      fc.property(anything, fc.anything({ maxDepth: 2 }), (value, message) => {
        typedOrNothing('readAction', () => core.readAction(value));
        typedOrNothing('readActionsOf', () => core.readActionsOf(value));
        typedOrNothing('readGrantTokenBody', () => core.readGrantTokenBody(value));
        const envelope = {
          channel: 'c',
          subscription: 'c',
          timetoken: '17000000000000000',
          region: 1,
          message,
          eventType: 'messageAction' as const,
        };
        typedOrNothing('readActionEvent', () => core.readActionEvent(envelope));
      }),
      budget(),
    );
  });

  it('token codec: decodeToken and parseToken of any string (base64url of random bytes included) → a token or PubnubTokenError', () => {
    const tokenText = fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.uint8Array({ maxLength: 120 }).map((bytes) => core.base64UrlEncode(bytes, false)),
      fc.uint8Array({ maxLength: 120 }).map((bytes) => `qEF2Ag${core.base64UrlEncode(bytes, false)}`),
      fc.anything({ maxDepth: 1 }),
    );
    fc.assert(
      fc.property(tokenText, (token) => {
        typedOrNothing('decodeToken', () => core.decodeToken(token));
        typedOrNothing('parseToken', () => core.parseToken(token as string));
      }),
      budget(),
    );
  });

  it('filter parser: any expression → a compiled filter that never throws, or PubnubFilterSyntaxError', () => {
    const expression = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc
        .array(
          fc.oneof(
            fc.constantFrom(
              'meta',
              'data',
              'uuid',
              '.',
              '[',
              ']',
              '(',
              ')',
              '&&',
              '||',
              '!',
              '==',
              '!=',
              '<',
              '>=',
              'LIKE',
              'CONTAINS',
            ),
            fc.constantFrom("'a'", '"b*"', '1', '-2.5', 'true', 'null', 'x', ' ', '\\', "'"),
          ),
          { maxLength: 15 },
        )
        .map((parts) => parts.join(' ')),
    );
    const subject = fc.record({
      meta: fc.anything({ maxDepth: 2 }),
      data: fc.anything({ maxDepth: 2 }),
      uuid: fc.option(fc.string()),
    });
    fc.assert(
      fc.property(expression, subject, (text, s) => {
        typedOrNothing('tokenizeFilter', () => core.tokenizeFilter(text));
        for (const target of ['uuid', 'channel', 'membership', 'member'] as const) {
          typedOrNothing('parseObjectsFilter', () => core.parseObjectsFilter(text, target));
        }
        const node = typedOrNothing('parseFilter', () => core.parseFilter(text));
        if (node === undefined) return;
        const matches = core.compileFilter(node);
        const result = matches({ meta: () => s.meta, data: () => s.data, uuid: s.uuid ?? undefined });
        expect(result).to.be.a('boolean');
      }),
      budget(),
    );
  });

  it('cipher payload decode: any payload → the message, or the raw payload with a PubnubCryptoError; never a throw', () => {
    const payload = fc.oneof(
      fc.anything({ maxDepth: 2 }),
      fc.uint8Array({ maxLength: 80 }).map((bytes) => core.base64Encode(bytes)),
      fc
        .uint8Array({ maxLength: 80 })
        .map((bytes) => core.base64Encode(core.concatBytes(new TextEncoder().encode('PNED\u0001ACRH\u0010'), bytes))),
      fc.string({ maxLength: 60 }),
    );
    fc.assert(
      fc.property(payload, fc.boolean(), (p, random) => {
        const c = random
          ? core.createCipher({ cipherKey: 'fuzz-key', useRandomIVs: true }, { crypto: nodeCrypto, random: nodeRandom })
          : cipher;
        const decoded = core.decodeMessage(p, c);
        if (decoded.error !== undefined) {
          expect(decoded.error).to.be.instanceOf(core.PubnubCryptoError);
          expect(Object.is(decoded.message, p), 'the raw payload is handed on as is').to.equal(true);
        }
        if (typeof p === 'string') typedOrNothing('cipher.decrypt', () => c.decrypt(p));
      }),
      budget(),
    );
  });

  it('timetokens: helpers on any input are total or typed', () => {
    fc.assert(
      fc.property(timetokenish, timetokenish, (a, b) => {
        const valid = core.isTimetoken(a) && core.isTimetoken(b);
        if (valid) {
          const cmp = core.compareTimetokens(a as string, b as string);
          expect(cmp).to.be.oneOf([-1, 0, 1]);
          expect(core.compareTimetokens(b as string, a as string)).to.equal(-cmp);
          expect(core.maxTimetoken(a as string, b as string)).to.equal(cmp >= 0 ? a : b);
        }
        typedOrNothing('timetokenToMs', () => (core.isTimetoken(a) ? core.timetokenToMs(a) : undefined));
      }),
      budget(),
    );
  });

  it('wire decoders the server uses (path segments, queries, name lists, PNED headers) are total', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.uint8Array({ maxLength: 40 }), (text, bytes) => {
        const segment = core.decodePathSegment(text);
        if (segment !== undefined) expect(segment).to.be.a('string');
        const query = core.parseQuery(text);
        if (query !== undefined) for (const v of Object.values(query)) expect(v).to.be.a('string');
        expect(core.splitNameList(text)).to.be.an('array');
        typedOrNothing('decodePnedHeader', () => core.decodePnedHeader(bytes));
        typedOrNothing('base64UrlDecode', () => core.base64UrlDecode(text, 'fuzz'));
        typedOrNothing('base64Decode', () => core.base64Decode(text));
      }),
      budget(),
    );
  });
});
