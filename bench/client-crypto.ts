/**
 * AES-256-CBC encrypt + decrypt of a 1 KiB JSON message: `Pubnub.encrypt`/`decrypt` (static IV, the seed default)
 * vs the same work done directly with node:crypto (key derived once, JSON, base64), in the same run.
 * Goal ≥ 0.85× node:crypto's throughput. Bounded by BENCH_CRYPTO (default 20,000 round trips).
 *
 *   node --conditions=source --import tsx bench/client-crypto.ts
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { Pubnub } from '@pubkit/node';

const N = Number(process.env.BENCH_CRYPTO ?? 20_000);
const ROUNDS = 3;

export async function benchCrypto(): Promise<{ ratio: number }> {
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
  const time = (fn: () => void): number => {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) fn();
    return performance.now() - t0;
  };
  time(raw);
  time(ours);
  let rawMs = Number.POSITIVE_INFINITY;
  let oursMs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    rawMs = Math.min(rawMs, time(raw));
    oursMs = Math.min(oursMs, time(ours));
  }
  await client.close();
  const ratio = rawMs / oursMs;
  console.log(`AES-256-CBC encrypt+decrypt of ${JSON.stringify(message).length} B JSON, ${N} round trips`);
  console.log(`  node:crypto ${((N / rawMs) * 1000).toFixed(0)}/s, pubkit ${((N / oursMs) * 1000).toFixed(0)}/s`);
  console.log(`  ratio ${ratio.toFixed(2)}x (goal >= 0.85x)`);
  return { ratio };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCrypto();
