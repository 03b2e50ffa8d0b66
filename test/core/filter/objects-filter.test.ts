import { PubnubFilterSyntaxError, parseFilter, parseObjectsFilter } from '@pubkit/core';
import { expect } from 'chai';

function syntaxError(expression: string, target: Parameters<typeof parseObjectsFilter>[1]): PubnubFilterSyntaxError {
  try {
    parseObjectsFilter(expression, target);
  } catch (err) {
    expect(err).to.be.instanceOf(PubnubFilterSyntaxError);
    return err as PubnubFilterSyntaxError;
  }
  throw new Error(`no error for ${expression}`);
}

describe('core: App Context filter language (docs/protocol.md §14.4)', () => {
  it('parses fields from the record top, with the subscribe grammar', () => {
    expect(parseObjectsFilter("name LIKE 'a*' && custom.rank >= 2", 'channel')).to.deep.equal({
      kind: 'and',
      left: {
        kind: 'compare',
        op: 'LIKE',
        left: { kind: 'path', root: 'data', steps: ['name'] },
        right: { kind: 'literal', value: 'a*' },
      },
      right: {
        kind: 'compare',
        op: '>=',
        left: { kind: 'path', root: 'data', steps: ['custom', 'rank'] },
        right: { kind: 'literal', value: 2 },
      },
    });
    const nested = parseObjectsFilter('!(channel.name == "x") || status != null', 'membership');
    expect(nested.kind).to.equal('or');
  });

  it('knows each listing’s fields', () => {
    expect(() => parseObjectsFilter('email == "a"', 'uuid')).to.not.throw();
    expect(syntaxError('email == "a"', 'channel').message).to.match(/unknown field "email"/);
    expect(() => parseObjectsFilter('description == "a"', 'channel')).to.not.throw();
    expect(() => parseObjectsFilter('uuid.email == "a" && uuid.custom.x == 1', 'member')).to.not.throw();
    expect(syntaxError('channel.name == "a"', 'member').message).to.match(/unknown field/);
    expect(syntaxError('name == "a"', 'membership').message).to.match(/unknown field "name"/);
    expect(syntaxError('custom.a.b == 1', 'uuid').message).to.match(/custom fields are named/);
  });

  it('refuses what the App Context language does not have, with the position', () => {
    expect(syntaxError('name CONTAINS "a"', 'uuid').message).to.match(/CONTAINS is not an App Context filter operator/);
    const lone = syntaxError('name && id == "a"', 'uuid');
    expect(lone.message).to.match(/expected a comparison/);
    expect(lone.position).to.equal(5);
    expect(syntaxError('"a" == name', 'uuid').message).to.match(/a field, an operator and a value/);
    expect(syntaxError('name == id', 'uuid').message).to.match(/a field, an operator and a value/);
    expect(syntaxError("name LIKE 'a", 'uuid').message).to.match(/unterminated string/);
  });

  it('leaves the subscribe language unchanged', () => {
    expect(parseFilter('region == "east"')).to.deep.equal({
      kind: 'compare',
      op: '==',
      left: { kind: 'path', root: 'meta', steps: ['region'] },
      right: { kind: 'literal', value: 'east' },
    });
    expect(parseFilter('data.text CONTAINS "a"').kind).to.equal('compare');
  });
});
