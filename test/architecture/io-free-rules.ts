/** What core/src may not contain (docs/architecture.md §3), as line patterns; used by core-is-io-free.test.ts. */
export const FORBIDDEN: Array<{ what: string; pattern: RegExp }> = [
  {
    what: 'an import of a node: built-in',
    pattern: /\bfrom\s+['"]node:|\bimport\(\s*['"]node:|\brequire\(\s*['"]node:/,
  },
  { what: 'an import of http/net/https/undici', pattern: /\bfrom\s+['"](?:http|https|net|undici|dgram|fs|tls)['"]/ },
  { what: 'setTimeout', pattern: /\bsetTimeout\b/ },
  { what: 'setInterval', pattern: /\bsetInterval\b/ },
  { what: 'setImmediate', pattern: /\bsetImmediate\b/ },
  { what: 'Date', pattern: /\bDate\b/ },
  { what: 'Math.random', pattern: /\bMath\.random\b/ },
  { what: 'process', pattern: /\bprocess\b/ },
  { what: 'console', pattern: /\bconsole\b/ },
  { what: 'fetch', pattern: /\bfetch\s*\(/ },
];

/** Removes comments so that prose may name what code may not use. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Returns one line per violation: `file:line: what`. */
export function findViolations(file: string, source: string): string[] {
  const found: string[] = [];
  stripComments(source)
    .split('\n')
    .forEach((line, i) => {
      for (const rule of FORBIDDEN) if (rule.pattern.test(line)) found.push(`${file}:${i + 1}: ${rule.what}`);
    });
  return found;
}
