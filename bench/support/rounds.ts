/**
 * Rounds and reporting shared by every benchmark of `npm run bench` (issue 18): each benchmark measures pubkit and
 * its floor side by side in ≥ 5 rounds and reports the ratio of each round; `summarize` prints the median and the
 * range of those ratios next to the goal, one line per row.
 *
 * Quick mode (`BENCH_QUICK=1` or `--quick`) shrinks the work per round (fewer messages, sockets, requests) so the
 * whole run stays bounded on a loaded machine; it never drops below 5 rounds. `BENCH_ROUNDS` raises the count.
 */

/** True in quick mode: smaller rounds, same number of them. */
export const QUICK = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');

/** Rounds per row: at least 5 (the machine is noisy; one figure is not a measurement). @default 5 */
export const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 5));

/** `env` if set, else `full`, or `quick` in quick mode: the size of one round. */
export function size(env: string, full: number, quick: number): number {
  const set = process.env[env];
  return set !== undefined ? Number(set) : QUICK ? quick : full;
}

/** One row of the table: what is compared, each round's ratio (pubkit / floor) and the goal. */
export interface Row {
  readonly measure: string;
  readonly floor: string;
  /** pubkit / floor per round (for throughput: pubkit's rate / the floor's rate). */
  readonly ratios: readonly number[];
  /**
   * `<=` when lower is better (cost), `>=` when higher is (throughput). `everyRound`: the goal holds for every
   * round, not only the median (issue 18's publish CPU row).
   */
  readonly goal: { readonly op: '<=' | '>='; readonly value: number; readonly everyRound?: boolean };
  /** Extra figures for the line (absolute values), already formatted. */
  readonly detail?: string;
}

/** The median of `xs` (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Whether the median (or, with `everyRound`, every round) meets the goal. */
export function met(row: Row): boolean {
  const ok = (x: number): boolean => (row.goal.op === '<=' ? x <= row.goal.value : x >= row.goal.value);
  return row.goal.everyRound ? row.ratios.every(ok) : ok(median(row.ratios));
}

/** One line: measure, median ratio, range, goal, met or not, detail. */
export function formatRow(row: Row): string {
  const m = median(row.ratios);
  const lo = Math.min(...row.ratios);
  const hi = Math.max(...row.ratios);
  const goal = `${row.goal.op === '<=' ? '≤' : '≥'} ${row.goal.value}×${row.goal.everyRound ? ' every round' : ''}`;
  const verdict = met(row) ? 'met' : 'NOT met';
  const detail = row.detail ? `  ${row.detail}` : '';
  return `${row.measure.padEnd(46)} ${m.toFixed(2)}×  (${lo.toFixed(2)}–${hi.toFixed(2)}, ${row.ratios.length} rounds)  goal ${goal}  ${verdict}${detail}`;
}

/** Prints the rows of one benchmark (used when a benchmark file is run alone). */
export function printRows(rows: readonly Row[]): void {
  for (const row of rows) console.log(formatRow(row));
}
