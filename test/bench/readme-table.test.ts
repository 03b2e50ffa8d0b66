import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { renderTable, replaceTable, TABLE_END, TABLE_START, tableLine } from '../../bench/support/readme-table.js';
import { met, type Row } from '../../bench/support/rounds.js';

const row = (ratios: number[], goal: Row['goal']): Row => ({ measure: 'm', floor: 'f', ratios, goal });
const facts = { date: '2026-12-03', rounds: 5, quick: true, loadAverage: 1.25, cores: 2 };

describe('bench README table (issue 18: the table is regenerated from npm run bench)', () => {
  it('judges the median, or every round when the goal says so', () => {
    const ratios = [1.0, 1.05, 1.08, 1.09, 1.3];
    expect(met(row(ratios, { op: '<=', value: 1.1 }))).to.equal(true);
    expect(met(row(ratios, { op: '<=', value: 1.1, everyRound: true }))).to.equal(false);
    expect(met(row([0.96, 0.97, 0.99, 0.96, 0.95], { op: '>=', value: 0.95, everyRound: true }))).to.equal(true);
  });

  it('writes median, range, goal and verdict, escaping pipes in cells', () => {
    const line = tableLine({ ...row([1.2, 0.9, 1.0, 1.1, 3], { op: '<=', value: 1.0 }), measure: 'a | b' });
    expect(line).to.equal('| a \\| b | f | 1.10× (0.90–3.00) | ≤ 1× | no |');
  });

  it('replaces only the block between the markers', () => {
    const block = renderTable([row([0.5, 0.6, 0.7, 0.8, 0.9], { op: '<=', value: 1 })], [], facts);
    const readme = `head\n${TABLE_START}\nold\n${TABLE_END}\ntail\n`;
    const out = replaceTable(readme, block);
    expect(out.startsWith('head\n')).to.equal(true);
    expect(out.endsWith('\ntail\n')).to.equal(true);
    expect(out).not.to.include('old');
    expect(out).to.include('`npm run bench -- --quick`, 2026-12-03, 5 rounds per row, 2 cores, load average 1.3');
    expect(replaceTable(out, block)).to.equal(out);
  });

  it('refuses a README without the markers', () => {
    expect(() => replaceTable('no markers here', 'x')).to.throw(/no bench-table markers/);
  });

  it("finds the markers in the repository's README", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme.indexOf(TABLE_START)).to.be.greaterThan(-1);
    expect(readme.indexOf(TABLE_END)).to.be.greaterThan(readme.indexOf(TABLE_START));
  });
});
