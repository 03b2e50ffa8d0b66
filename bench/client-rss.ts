/**
 * RSS after `import('@pubkit/node')` (the built `dist`, as users load it) over a bare node process, each in a fresh
 * child, median of 5. Goal ≤ 8 MiB. Needs `npm run build` first.
 *
 *   node --import tsx bench/client-rss.ts
 */
import { execFileSync } from 'node:child_process';

function rss(code: string): number {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  return Number(out.trim());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function benchRss(): { deltaMiB: number } {
  const bare = median(
    Array.from({ length: 5 }, () => rss('globalThis.gc?.(); console.log(process.memoryUsage().rss)')),
  );
  const loaded = median(
    Array.from({ length: 5 }, () =>
      rss("await import('@pubkit/node'); globalThis.gc?.(); console.log(process.memoryUsage().rss)"),
    ),
  );
  const deltaMiB = (loaded - bare) / 1024 / 1024;
  console.log(
    `RSS after import: bare node ${(bare / 1048576).toFixed(1)} MiB, with @pubkit/node ${(loaded / 1048576).toFixed(1)} MiB`,
  );
  console.log(`  delta ${deltaMiB.toFixed(1)} MiB (goal <= 8 MiB)`);
  return { deltaMiB };
}

if (import.meta.url === `file://${process.argv[1]}`) benchRss();
