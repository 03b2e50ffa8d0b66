import {
  compileFilter,
  type FilterSubject,
  PubnubFilterSyntaxError,
  PubnubValidationError,
  parseFilter,
} from '@pubkit/core';
import { expect } from 'chai';

function subject(meta: unknown, uuid?: string, data: unknown = 'hello'): FilterSubject {
  return { meta: () => meta, data: () => data, uuid };
}

function passes(expression: string, s: FilterSubject): boolean {
  return compileFilter(parseFilter(expression))(s);
}

function syntaxError(expression: string): PubnubFilterSyntaxError {
  try {
    parseFilter(expression);
  } catch (err) {
    expect(err).to.be.instanceOf(PubnubFilterSyntaxError);
    return err as PubnubFilterSyntaxError;
  }
  throw new Error(`no error for ${expression}`);
}

describe('core: filter expressions (issue 12)', () => {
  const meta = {
    region: 'east',
    level: 7,
    score: '12.5',
    tags: ['a', 'b', 3],
    user: { name: 'Alice Smith', role: 'admin' },
    'odd key': 'yes',
    flag: true,
  };

  it('compares strings and numbers; numeric strings compare as numbers', () => {
    const s = subject(meta);
    expect(passes('meta.region == "east"', s)).to.equal(true);
    expect(passes("meta.region == 'west'", s)).to.equal(false);
    expect(passes('meta.level > 5', s)).to.equal(true);
    expect(passes('meta.level >= 7 && meta.level <= 7', s)).to.equal(true);
    expect(passes('meta.level < 7', s)).to.equal(false);
    expect(passes('meta.score > 12', s)).to.equal(true);
    expect(passes('meta.score == 12.5', s)).to.equal(true);
    expect(passes('meta.region > 1', s), 'ordering needs numbers').to.equal(false);
    expect(passes('meta.level != 7', s)).to.equal(false);
    expect(passes('meta.level == -1 || meta.level == 7', s)).to.equal(true);
  });

  it('reads property paths, bracket keys and array indexes; a bare name is a meta field', () => {
    const s = subject(meta);
    expect(passes('meta.user.role == "admin"', s)).to.equal(true);
    expect(passes('meta["user"]["name"] LIKE "Alice*"', s)).to.equal(true);
    expect(passes('meta["odd key"] == "yes"', s)).to.equal(true);
    expect(passes('meta.tags[1] == "b"', s)).to.equal(true);
    expect(passes('meta.tags[9] == "b"', s)).to.equal(false);
    expect(passes('region == "east"', s)).to.equal(true);
    expect(passes('meta.missing.deeper == 1', s)).to.equal(false);
    expect(passes('meta.flag', s)).to.equal(true);
    expect(passes('!meta.missing', s)).to.equal(true);
  });

  it('LIKE with * anywhere (case-sensitive), CONTAINS on strings and arrays', () => {
    const s = subject(meta);
    expect(passes('meta.user.name LIKE "*Smith"', s)).to.equal(true);
    expect(passes('meta.user.name LIKE "A*e*h"', s)).to.equal(true);
    expect(passes('meta.user.name LIKE "alice*"', s)).to.equal(false);
    expect(passes('meta.user.name LIKE "Alice"', s)).to.equal(false);
    expect(passes('meta.user.name like "Al.ce*"', s), 'regex characters are literal').to.equal(false);
    expect(passes('meta.user.name CONTAINS "ce Sm"', s)).to.equal(true);
    expect(passes('meta.tags CONTAINS "a"', s)).to.equal(true);
    expect(passes('meta.tags CONTAINS 3', s)).to.equal(true);
    expect(passes('meta.tags contains "z"', s)).to.equal(false);
  });

  it('uuid is the publisher; != keeps messages without one; !, && , || and parentheses', () => {
    expect(passes('uuid == "me"', subject(meta, 'me'))).to.equal(true);
    expect(passes('uuid != "me"', subject(meta, 'me'))).to.equal(false);
    expect(passes('uuid != "me"', subject(meta))).to.equal(true);
    expect(passes('!(meta.region == "east" && meta.level > 10) || meta.level == 0', subject(meta))).to.equal(true);
    expect(passes('meta.region == "east" && (meta.level > 10 || meta.flag)', subject(meta))).to.equal(true);
    expect(passes('meta.region == "east" && meta.level > 10 || meta.flag', subject(meta))).to.equal(true);
    expect(passes('meta.region == "x" || meta.level > 10 && meta.flag', subject(meta)), '&& binds tighter').to.equal(
      false,
    );
    expect(passes('meta.region == "east"', subject(undefined)), 'no meta').to.equal(false);
    expect(passes('data.text == "hi"', subject(undefined, undefined, { text: 'hi' }))).to.equal(true);
  });

  it('syntax errors name the position and are validation errors on filterExpression', () => {
    const cases: [string, number][] = [
      ['meta.a ==', 9],
      ['meta.a == "x" &&', 16],
      ['(meta.a == 1', 12],
      ['meta.a = 1', 7],
      ['meta.a == "open', 10],
      ['meta. == 1', 6],
      ['meta.a == 1 )', 12],
      ['meta[x] == 1', 5],
      ['uuid.x == 1', 0],
      ['== 1', 0],
      ['meta.a # 1', 7],
    ];
    for (const [expression, position] of cases) {
      const err = syntaxError(expression);
      expect(err.position, expression).to.equal(position);
      expect(err.message).to.match(new RegExp(`^Invalid filter expression at position ${position}: `));
      expect(err).to.be.instanceOf(PubnubValidationError);
      expect(err.field).to.equal('filterExpression');
      expect(err.code).to.equal('PN_VALIDATION');
    }
    expect(syntaxError(`${'('.repeat(40)}meta.a${')'.repeat(40)}`).message).to.match(/nested deeper/);
    expect(syntaxError(`meta.a == "${'x'.repeat(3000)}"`).message).to.match(/longer than 2048/);
  });
});
