/**
 * `toJson` (docs/architecture.md §4): 0, false, "" and null are messages; undefined, functions, symbols, BigInt, NaN/Infinity and
 * cycles are refused with a `PubnubValidationError` naming the path. The fast pass and the slow pass must agree,
 * so every case here is also nested (deep enough to go past the fast pass's depth) and inside arrays and objects.
 */
import { liftTimetokens, PubnubValidationError, parseJson, toJson } from '@pubkit/core/internal';
import { expect } from 'chai';

/** Wraps `value` in `depth` alternating arrays and objects. */
function nest(value: unknown, depth: number): unknown {
  let out = value;
  for (let i = 0; i < depth; i++) out = i % 2 === 0 ? [out] : { k: out };
  return out;
}

describe('toJson', () => {
  const accepted: unknown[] = [0, false, '', null, -0, 1.5, 'text', [], {}, [0, false, '', null], { a: { b: [1] } }];
  for (const value of accepted) {
    it(`accepts ${JSON.stringify(value)} and serialises it like JSON.stringify`, () => {
      expect(toJson(value)).to.equal(JSON.stringify(value));
      for (const depth of [1, 63, 64, 65, 200])
        expect(toJson(nest(value, depth))).to.equal(JSON.stringify(nest(value, depth)));
    });
  }

  const refused: Array<[string, unknown, RegExp]> = [
    ['undefined', undefined, /undefined/],
    ['a function', () => 1, /function/],
    ['a symbol', Symbol('s'), /symbol/],
    ['a BigInt', 10n, /BigInt/],
    ['NaN', Number.NaN, /NaN/],
    ['Infinity', Number.POSITIVE_INFINITY, /Infinity/],
  ];
  for (const [why, value, pattern] of refused) {
    it(`refuses ${why} at the top, in an object, in an array and deep down`, () => {
      expect(() => toJson(value))
        .to.throw(PubnubValidationError, pattern)
        .with.property('field', 'message');
      expect(() => toJson({ ok: 1, bad: value })).to.throw(PubnubValidationError, /message\.bad/);
      expect(() => toJson([1, value])).to.throw(PubnubValidationError, /message\[1\]/);
      for (const depth of [10, 64, 65, 200]) {
        expect(() => toJson(nest(value, depth), 'payload'), `depth ${depth}`)
          .to.throw(PubnubValidationError, pattern)
          .with.property('field', 'payload');
      }
    });
  }

  it('refuses cycles, direct and deep, and accepts a shared (acyclic) object', () => {
    const self: Record<string, unknown> = { a: 1 };
    self.self = self;
    expect(() => toJson(self)).to.throw(PubnubValidationError, /cycle/);
    const list: unknown[] = [1];
    list.push({ back: list });
    expect(() => toJson(list)).to.throw(PubnubValidationError, /cycle/);
    const deep = { inner: nest(null, 100) };
    let tip = deep.inner as Record<string, unknown> | unknown[];
    while (Array.isArray(tip) ? tip[0] !== null : tip.k !== null)
      tip = (Array.isArray(tip) ? tip[0] : tip.k) as typeof tip;
    if (Array.isArray(tip)) tip[0] = deep;
    else tip.k = deep;
    expect(() => toJson(deep)).to.throw(PubnubValidationError, /cycle/);
    const shared = { x: 1 };
    expect(toJson([shared, shared, { shared }])).to.equal('[{"x":1},{"x":1},{"shared":{"x":1}}]');
  });

  it('lets objects with toJSON serialise themselves, and accepts sparse arrays (holes become null)', () => {
    const date = new Date(0);
    expect(toJson({ at: date })).to.equal('{"at":"1970-01-01T00:00:00.000Z"}');
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    expect(toJson([1, , 3])).to.equal('[1,null,3]');
  });
});

describe('liftTimetokens / parseJson (docs/protocol.md §2.1, §2.5, quirk 17)', () => {
  const lifted: Array<[string, string]> = [
    ['[17000000000000001]', '["17000000000000001"]'],
    ['[ 17000000000000001 ]', '[ "17000000000000001" ]'],
    ['[[1,2],17000000000000001,\n17000000000000002]', '[[1,2],"17000000000000001",\n"17000000000000002"]'],
    ['[{"message":1,"timetoken":17000000000000001}]', '[{"message":1,"timetoken":"17000000000000001"}]'],
    ['[{"timetoken":\t1700000000000000}]', '[{"timetoken":\t"1700000000000000"}]'],
  ];
  for (const [input, output] of lifted) {
    it(`lifts ${JSON.stringify(input)}`, () => {
      expect(liftTimetokens(input)).to.equal(output);
      expect(JSON.stringify(parseJson(input))).to.equal(JSON.stringify(JSON.parse(output)));
    });
  }

  const unchanged = [
    '{"t":{"t":"17959001047880000","r":1},"m":[{"p":{"t":"17959001047880000","r":1},"d":{"n":1}}]}',
    '[123456789012345]', // 15 digits: exact as a number
    '[-17000000000000001]', // never a timetoken
    '[1.7000000000000001]',
    '{"n":17000000000000001}', // a user's number under another key
    '[[{"n":17000000000000001}],1,2]', // not a direct element of the top-level array
    '["a,17000000000000001", "b:17000000000000001", "[17000000000000001"]', // inside strings
    '17000000000000001',
  ];
  for (const input of unchanged) {
    it(`leaves ${JSON.stringify(input)} alone`, () => {
      expect(liftTimetokens(input)).to.equal(input);
    });
  }
});
