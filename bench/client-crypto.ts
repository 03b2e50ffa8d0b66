/**
 * AES-256-CBC encrypt + decrypt of a 1 KiB JSON message: `Pubnub.encrypt`/`decrypt` (static IV, the seed default)
 * vs the same work done directly with node:crypto (key derived once, JSON, base64), in the same run.
 * Goal ≥ 0.95× node:crypto's throughput (issue 18), as the ratio of the CPU time each side's loop takes. Bounded by
 * BENCH_CRYPTO (default 20,000 round trips a round).
 *
 *   node --conditions=source --import tsx bench/client-crypto.ts
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { Pubnub } from '@pubkit/node';
import { printRows, ROUNDS, type Row, size } from './support/rounds.js';

const N = size('BENCH_CRYPTO', 20_000, 5_000);

/** The AES row: pubkit's round trips per second over node:crypto's, per round. */
export async function benchCrypto(): Promise<Row[]> {
  const message = { text: 'x'.repeat(960), n: 1, tags: ['a', 'b'] };
  const key = Buffer.from(createHash('sha256').update('bench-key').digest('hex').slice(0, 32), 'utf8');
  const iv = Buffer.from('0123456789012345', 'utf8');
  const raw = (): void => {
    const c = createCipheriv('aes-256-cbc', key, iv);
    const ct = Buffer.concat([c.update(JSON.stringify(message), 'utf8'), c.final()]).toString('base64');
    const d = createDecipheriv('aes-256-cbc', key, iv);
    JSON.parse(Buffer.concat([d.update(Buffer.from(ct, 'base64')), d.final()]).toString('utf8'));
  };
  const client = new Pubnub({ publishKey: 'p', subscribeKey: 's', cipherKey: 'bench-key' });
  const ours = (): void => {
    client.decrypt(client.encrypt(message));
  };
  // CPU time of the loop (user + system), not wall time: the work is synchronous on one thread, so on an idle machine
  // the two are the same, and on a shared one CPU time leaves out the moments another process had the core
  // (docs/performance.md §2). Both sides are measured the same way.
  const time = (fn: () => void): number => {
    const t0 = process.cpuUsage();
    for (let i = 0; i < N; i++) fn();
    const used = process.cpuUsage(t0);
    return used.user + used.system;
  };
  time(raw);
  time(ours);
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which side goes first: a GC owed by one side would otherwise always land on the other.
    const first = r % 2 === 0 ? time(raw) : time(ours);
    const second = r % 2 === 0 ? time(ours) : time(raw);
    const [rawUs, oursUs] = r % 2 === 0 ? [first, second] : [second, first];
    ratios.push(rawUs / oursUs);
  }
  await client.close();
  return [
    {
      measure: 'AES-256-CBC encrypt+decrypt, 1 KiB',
      floor: 'raw node:crypto',
      ratios,
      goal: { op: '>=', value: 0.95 },
      detail: `(${JSON.stringify(message).length} B JSON, ${N} round trips per round)`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) printRows(await benchCrypto());
