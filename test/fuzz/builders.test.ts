/**
 * Fuzzing every core builder (docs/testing.md §3): for any parameters a caller could pass, each `build*` function
 * either returns a well-formed request (a path of encoded segments, string query values that encode, a positive
 * timeout, a method the service knows) that signing and encoding accept, or throws a `PubnubError`; never a
 * TypeError, a URIError from encoding, or a request with `undefined`, `NaN` or `[object Object]` in it.
 */
import * as core from '@pubkit/core/internal';
import { nodeCrypto, nodeRandom } from '@pubkit/node';
import { expect } from 'chai';
import fc from 'fast-check';
import { anyParam, params } from './arbitraries.js';
import { budget, TEST_TIMEOUT_MS, typedOrNothing } from './budget.js';

const cipher = core.createCipher({ cipherKey: 'fuzz-key' }, { crypto: nodeCrypto, random: nodeRandom });
const GOOD_CTX: core.RequestContext = {
  publishKey: 'pub-c-fuzz',
  subscribeKey: 'sub-c-fuzz',
  uuid: 'fuzzer',
  pnsdk: 'PubKit-Fuzz/1.0',
  requestTimeoutMs: 10_000,
  subscribeTimeoutMs: 310_000,
};

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', ' ', 'a/b', '%', '?&='));

/** Mostly a good context; sometimes with an auth key, a cipher, or broken fields. */
const context: fc.Arbitrary<core.RequestContext> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(GOOD_CTX) },
  { weight: 2, arbitrary: fc.constant({ ...GOOD_CTX, authKey: 'auth key/ü', cipher }) },
  {
    weight: 1,
    arbitrary: fc
      // The context is built from a validated config, so its fields are strings: odd ones, but strings.
      .record({ publishKey: text, subscribeKey: text, uuid: text, authKey: text }, { requiredKeys: [] })
      .map((broken) => ({ ...GOOD_CTX, ...broken }) as core.RequestContext),
  },
);

/** Builders with a test of their own below. */
const NOT_REQUESTS = new Set(['buildSubscribePoll']);
type Builder = (...args: unknown[]) => unknown;
/**
 * Builders whose arguments are not `(params, ctx)`: the App Context family takes the context first, then the kind
 * and operation it serves (docs/protocol.md §14). Each gets its arguments from generated parts here.
 */
/** The App Context builders take the record id as a string (the client validated its type): any string. */
const recordId = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '/', '..', '%', '?', '#', 'a'.repeat(300)),
);
type Parts = { readonly p: Record<string, unknown>; readonly ctx: core.RequestContext; readonly id: unknown };
const SHAPED: Record<string, (a: Parts) => unknown[]> = {
  buildSetMetadata: ({ p, ctx, id }) => [
    ctx,
    'uuids',
    'setUUIDMetadata',
    id,
    { data: p.channel ?? p, include: p.include },
  ],
  buildGetMetadata: ({ p, ctx, id }) => [ctx, 'channels', 'getChannelMetadata', id, p.include],
  buildListMetadata: ({ p, ctx }) => [ctx, 'uuids', 'getAllUUIDMetadata', p],
  buildRemoveMetadata: ({ ctx, id }) => [ctx, 'channels', 'removeChannelMetadata', id],
  buildGetRelations: ({ p, ctx, id }) => [ctx, 'memberships', 'getMemberships', id, p],
  buildChangeRelations: ({ p, ctx, id }) => [
    ctx,
    'members',
    'setChannelMembers',
    id,
    { set: p.channels, remove: p.uuids, setField: 'set', removeField: 'remove' },
    p,
  ],
};
const builders = Object.entries(core)
  .filter(([name, value]) => /^build[A-Z]/.test(name) && typeof value === 'function' && !NOT_REQUESTS.has(name))
  .map(([name, value]) => [name, value as Builder] as const);
/** Builders that take only the context. */
const CONTEXT_ONLY = new Set(['buildTime', 'buildListGroups']);

const UNRESERVED_PATH = /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;
const METHODS = new Set(['GET', 'POST', 'DELETE', 'PATCH', 'PUT']);

/** Asserts a returned request is well formed; `inputs` is the JSON of what was passed (to tell a bug from an echo). */
function expectWellFormed(name: string, request: unknown, inputs: string): void {
  const where = `${name} → ${JSON.stringify(request)}`;
  expect(request, where).to.be.an('object');
  const req = request as core.PnRequest;
  expect(req.operation, where).to.be.a('string');
  expect(METHODS.has(req.method), where).to.equal(true);
  expect(req.path, where).to.match(UNRESERVED_PATH);
  expect(Number.isFinite(req.timeoutMs) && req.timeoutMs > 0, where).to.equal(true);
  expect(req.body === undefined || typeof req.body === 'string', where).to.equal(true);
  for (const [k, v] of Object.entries(req.headers)) expect(v, `${where}: header ${k}`).to.be.a('string');
  for (const [k, v] of Object.entries(req.query)) expect(v, `${where}: query ${k}`).to.be.a('string');
  const encoded = typedOrNothing(`${name}: encodeQuery`, () => core.encodeQuery(req.query));
  expect(encoded, `${where}: its query cannot be encoded`).to.be.a('string');
  for (const leak of ['[object ', 'undefined', 'NaN']) {
    if (inputs.includes(leak)) continue;
    const values = [...req.path.split('/'), ...Object.values(req.query)];
    expect(
      values.filter((v) => v.includes(leak)),
      `${where}: ${leak} leaked into the request`,
    ).to.deep.equal([]);
  }
  const signed = typedOrNothing(`${name}: sign`, () =>
    core.sign(
      req,
      { publishKey: 'pub-c-fuzz', subscribeKey: 'sub-c-fuzz', secretKey: 'sec-c-fuzz' },
      1_795_882_483,
      nodeCrypto,
    ),
  );
  if (signed !== undefined) expect(signed.query.signature, `${where}: signed without a signature`).to.be.a('string');
}

function describeInputs(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_k, v: unknown) =>
        typeof v === 'bigint' ? String(v) : v === undefined ? 'undefined' : v,
      ) ?? 'undefined'
    );
  } catch {
    return String(value);
  }
}

describe('fuzz: core builders return well-formed requests or typed errors', function () {
  this.timeout(TEST_TIMEOUT_MS);

  it('finds the builders to fuzz (every build function of the core)', () => {
    expect(builders.length).to.be.at.least(28);
  });

  for (const [name, build] of builders) {
    it(`${name}: any parameters → a well-formed request or a PubnubError`, () => {
      fc.assert(
        fc.property(params, context, recordId, (p, ctx, id) => {
          const shaped = SHAPED[name];
          const args = shaped !== undefined ? shaped({ p, ctx, id }) : CONTEXT_ONLY.has(name) ? [ctx] : [p, ctx];
          const request = typedOrNothing(name, () => build(...args));
          if (request !== undefined) expectWellFormed(name, request, describeInputs(args));
        }),
        budget(0.3),
      );
    });
  }

  it('buildSubscribePoll: any cursor on a prepared template → a poll or a PubnubError', () => {
    const template = core.prepareSubscribe({ channels: ['a', 'b-pnpres'] }, GOOD_CTX);
    fc.assert(
      fc.property(anyParam, anyParam, (tt, region) => {
        const request = typedOrNothing('buildSubscribePoll', () =>
          core.buildSubscribePoll(template, tt as string, region as number),
        );
        if (request !== undefined) expectWellFormed('buildSubscribePoll', request, describeInputs([tt, region]));
      }),
      budget(),
    );
  });

  it('frameUploadForm: any fields, file name, boundary and type → a form whose framing holds, or a PubnubError', () => {
    const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('a\r\nb', '"', 'x\u0000', '--', '\n'));
    const form = fc.record({
      fields: fc.array(fc.record({ key: text, value: text }), { maxLength: 4 }),
      fileName: text,
      boundary: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/), text),
      contentType: fc.option(text, { nil: undefined }),
    });
    fc.assert(
      fc.property(form, (params) => {
        const built = typedOrNothing('frameUploadForm', () => core.frameUploadForm(params));
        if (built === undefined) return;
        const head = new TextDecoder().decode(built.head);
        // One part per field plus the file part, and no header line but the ones the builder writes.
        expect(head.split(`--${params.boundary}\r\n`).length - 1).to.equal(params.fields.length + 1);
        const headers = head.split('\r\n').filter((line) => /^[A-Za-z-]+: /.test(line));
        expect(headers.length).to.be.at.most(params.fields.length + 2);
        expect(built.contentType).to.equal(`multipart/form-data; boundary=${params.boundary}`);
      }),
      budget(),
    );
  });

  it('valid input builds a request: publish and subscribe of any valid channel and JSON message round-trip', () => {
    // Channel names: any non-empty text without the characters the protocol reserves (docs/protocol.md §2.1).
    const channel = fc
      .string({ minLength: 1, maxLength: 40 })
      .filter((s) => core.channelNameLength(s) <= 92 && !/[,:*/\\\u0000-\u001f\s]/.test(s) && s.trim() === s)
      .filter((s) => typedOrNothing('validateChannel', () => core.validateChannel(s)) !== undefined);
    const message = fc.jsonValue({ maxDepth: 3 }).filter((m) => JSON.stringify(m).length < 2000);
    fc.assert(
      fc.property(channel, message, fc.boolean(), (ch, msg, post) => {
        const publish = core.buildPublish({ channel: ch, message: msg, sendByPost: post }, GOOD_CTX);
        // The channel and message are the inputs: a message may itself hold "NaN" or "undefined" (e.g. as a key),
        // which then is in the request rightly; only text that no input holds counts as a leak.
        expectWellFormed('buildPublish', publish, `${ch} ${JSON.stringify(msg)}`);
        const segments = publish.path.split('/');
        expect(core.decodePathSegment(segments[5]!)).to.equal(ch);
        const wire = post ? publish.body : core.decodePathSegment(segments[7]!);
        expect(JSON.parse(wire!)).to.deep.equal(JSON.parse(JSON.stringify(msg)));
        const subscribe = core.buildSubscribe({ channels: [ch, `${ch}-pnpres`] }, GOOD_CTX);
        expectWellFormed('buildSubscribe', subscribe, ch);
        const names = core.splitNameList(subscribe.path.split('/')[4]!).map((n) => core.decodePathSegment(n));
        expect(names).to.deep.equal([ch, `${ch}-pnpres`]);
      }),
      budget(),
    );
  });
});
