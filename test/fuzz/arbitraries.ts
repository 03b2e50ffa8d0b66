/**
 * Generators of hostile input for the fuzz tests (docs/testing.md §3): responses a broken or malicious service could
 * send, and parameters a careless caller could pass. Each mixes pure noise with near-valid shapes, so the parsers'
 * deeper branches are reached, not only their first `JSON.parse`.
 */
import fc from 'fast-check';

/** Timetoken-like values: valid 17-digit strings and numbers, and the usual ways they go wrong. */
export const timetokenish: fc.Arbitrary<unknown> = fc.oneof(
  fc.bigInt({ min: 0n, max: 99999999999999999n }).map(String),
  fc.constantFrom('0', '', '-1', '1e20', '17000000000000000.5', '00000000000000001', '999999999999999999999'),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
);

/** Any JSON value, small. */
const json = fc.jsonValue({ maxDepth: 3 });

/** A value that is often the right type for a field, often not. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(json, timetokenish, fc.string({ maxLength: 30 }));

/** An object carrying some of the names PubNub bodies use, with random values. */
const pubnubObject: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'status',
      'message',
      'error',
      'service',
      'payload',
      'channels',
      'channel',
      'uuids',
      'occupancy',
      'more',
      'data',
      't',
      'r',
      'm',
      'c',
      'd',
      'p',
      'b',
      'e',
      'i',
      'u',
      'k',
      'a',
      'f',
      's',
      'timetoken',
      'uuid',
      'meta',
      'actions',
      'type',
      'value',
      'actionTimetoken',
      'messageTimetoken',
      'token',
      'ttl',
      'auths',
      'subscribe_key',
      'level',
      'groups',
      'channel-groups',
      'total_occupancy',
      'total_channels',
      'state',
      'error_message',
      'url',
      'start',
      'end',
      'limit',
      'next',
      'prev',
      'event',
      'source',
      'version',
      'details',
    ),
    fc.string({ maxLength: 8 }),
  ),
  fieldValue,
  { maxKeys: 8 },
);

/** Near-valid bodies of the shapes the parsers expect. */
const shaped: fc.Arbitrary<unknown> = fc.oneof(
  // subscribe: {"t":{"t","r"},"m":[envelopes]}
  fc.record({
    t: fc.oneof(fc.record({ t: timetokenish, r: fc.oneof(fc.integer(), fieldValue) }), fieldValue),
    m: fc.oneof(
      fc.array(
        fc.oneof(
          pubnubObject,
          fc.record({
            c: fc.oneof(fc.string({ maxLength: 12 }), fieldValue),
            d: json,
            p: fc.oneof(fc.record({ t: timetokenish, r: fc.integer() }), fieldValue),
            e: fc.oneof(fc.integer({ min: -1, max: 5 }), fieldValue),
            b: fc.oneof(fc.string({ maxLength: 12 }), fieldValue),
            i: fieldValue,
            u: fieldValue,
          }),
        ),
        { maxLength: 5 },
      ),
      fieldValue,
    ),
  }),
  // publish: [1,"Sent","tt"]; history: [[…], start, end]; time: [tt]
  fc.tuple(fc.oneof(fc.constantFrom(0, 1), fieldValue), fieldValue, timetokenish),
  fc.tuple(fc.array(fc.oneof(json, pubnubObject), { maxLength: 4 }), timetokenish, timetokenish),
  fc.tuple(timetokenish),
  // presence, PAM, storage v3, actions, groups: {status, message, payload|channels|data, …}
  fc.record({
    status: fc.oneof(fc.constantFrom(200, 400, 403), fieldValue),
    payload: fc.oneof(pubnubObject, fieldValue),
  }),
  fc.record({
    status: fc.constantFrom(200),
    channels: fc.dictionary(
      fc.string({ maxLength: 6 }),
      fc.oneof(fc.array(pubnubObject, { maxLength: 3 }), fieldValue),
      { maxKeys: 3 },
    ),
    more: fieldValue,
  }),
  fc.record({
    status: fc.constantFrom(200),
    data: fc.oneof(fc.array(pubnubObject, { maxLength: 3 }), pubnubObject, fieldValue),
    more: fieldValue,
  }),
  pubnubObject,
);

/** A response body: near-valid JSON, any JSON, truncated JSON, or arbitrary text. */
export const body: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: shaped.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 2, arbitrary: json.map((v) => JSON.stringify(v)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        shaped.map((v) => JSON.stringify(v) ?? ''),
        fc.nat(),
      )
      .map(([text, cut]) => text.slice(0, text.length === 0 ? 0 : cut % text.length)),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'null', '[]', '{}', '<html>502 Bad Gateway</html>', '\uFEFF{}', '[1,"Sent"]'),
  },
);

/** A response: status codes PubNub and proxies send, headers that parsers read, a body from `body`. */
export const response = fc.record({
  status: fc.oneof(
    fc.constantFrom(200, 200, 200, 204, 400, 403, 404, 413, 414, 429, 500, 502, 503),
    fc.integer({ min: 0, max: 999 }),
  ),
  headers: fc.oneof(
    fc.constant({}),
    fc.record(
      {
        'content-type': fc.constantFrom('application/json', 'text/javascript; charset=UTF-8', 'text/html', ''),
        'retry-after': fc.oneof(fc.constantFrom('1', '0', '-5', 'soon', '99999999999'), fc.string({ maxLength: 10 })),
      },
      { requiredKeys: [] },
    ),
  ),
  body,
});

/** Parameter values a build function may be handed: right-looking strings, wrong types, edge values. */
export const anyParam: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' ', 'a,b', 'ch.*', 'x-pnpres', '%', '/', '?', '#', '\u0000', '\uD800', 'a'.repeat(200)),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(undefined),
  fc.constant(null),
  timetokenish,
  fc.anything({ maxDepth: 2 }),
);

/** Parameter names the build functions read. */
export const PARAM_NAMES = [
  'channel',
  'channels',
  'channelGroup',
  'channelGroups',
  'group',
  'message',
  'meta',
  'timetoken',
  'region',
  'start',
  'end',
  'count',
  'limit',
  'reverse',
  'uuid',
  'uuids',
  'state',
  'ttl',
  'heartbeat',
  'store',
  'storeInHistory',
  'replicate',
  'sendByPost',
  'authKeys',
  'read',
  'write',
  'manage',
  'delete',
  'get',
  'update',
  'join',
  'resources',
  'patterns',
  'authorizedUuid',
  'token',
  'messageTimetoken',
  'actionTimetoken',
  'action',
  'includeMeta',
  'includeMessageActions',
  'includeUuid',
  'includeMessageType',
  'includeTimetoken',
  'stringifiedTimetoken',
  'channelTimetokens',
  'filterExpression',
  'includeState',
  'includeUUIDs',
  'type',
  'value',
  'customMessageType',
] as const;

/** A params object: a few known names with arbitrary values. */
export const params = fc.dictionary(fc.constantFrom(...PARAM_NAMES), anyParam, { maxKeys: 6 });
