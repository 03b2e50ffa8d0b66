#!/usr/bin/env node
/**
 * `pubkit-server`: run the local PubNub-compatible server from a shell.
 *
 *   pubkit-server [--port 8090] [--host 127.0.0.1] [--keyset pub:sub[:secret]]… [--poll-timeout ms]
 *                 [--presence-timeout s] [--queue-size n] [--queue-ttl ms] [--data DIR] [--faults FILE]
 *                 [--log json|pretty|silent] [--max-file-bytes n] [--max-file-store-bytes n]
 *   pubkit-server --version | --help
 *
 * `--data DIR` keeps history, message actions and records in `DIR/pubkit.sqlite` across restarts, and uploaded
 * files under `DIR/files/`. `--max-file-bytes` is the largest upload (default 5 MiB), `--max-file-store-bytes` the
 * budget of all files (default 128 MiB in memory, unbounded with `--data`), docs/protocol.md §15.
 * `--faults FILE` reads fault rules (JSON: rules, or `{ seed, rules }`) and serves the `/pubkit/faults` admin route
 * (server/README.md "Faults"); a file that cannot be read or does not validate is a usage error.
 *
 * No `--keyset`: dev mode (any keys, no PAM). With keysets only those are served; a keyset with a secret
 * enforces PAM. Prints the URL and keysets (secrets masked) on start; SIGINT/SIGTERM close it cleanly.
 *
 * Exit codes: 0 after a clean shutdown (or `--help`/`--version`); 2 for a usage error (the message, then the
 * usage); 1 when the server cannot start (one line: a port in use or not allowed says which and what to do).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createCliLogger, type LogFormat } from './cli-logger.js';
import { type FaultsOption, resolveFaults } from './faults/fault-rules.js';
import type { Keyset } from './options.js';
import { startServer } from './start-server.js';

const USAGE = `usage: pubkit-server [--port 8090] [--host 127.0.0.1] [--keyset pub:sub[:secret]]...
                     [--poll-timeout ms] [--presence-timeout s] [--queue-size n] [--queue-ttl ms]
                     [--data DIR] [--faults FILE] [--log json|pretty|silent]
                     [--max-file-bytes n] [--max-file-store-bytes n]
       pubkit-server --version | --help`;

/** A bad command line: printed with the usage, exit 2. */
class UsageError extends Error {}

/** This package's version, from its package.json (one level up from both `src/cli.ts` and `dist/cli.js`). */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * One line for an error that stops the server from starting. Node's listen errors carry `code`, `address` and
 * `port`; a stack trace would tell a user nothing more.
 */
function startFailure(err: unknown): string {
  const { code, address, port } = (err ?? {}) as { code?: unknown; address?: unknown; port?: unknown };
  const where = `${String(address)}:${String(port)}`;
  if (code === 'EADDRINUSE') {
    return `port ${String(port)} is already in use on ${String(address)}: stop what holds it, or pick another with --port (--port 0 picks a free one)`;
  }
  if (code === 'EACCES') return `not allowed to listen on ${where}: use a port above 1023, or --port 0`;
  if (code === 'EADDRNOTAVAIL')
    return `cannot listen on ${where}: ${String(address)} is not an address of this machine (see --host)`;
  return err instanceof Error ? err.message : String(err);
}

/** Parses a `pub:sub[:secret]` keyset flag. @throws Error for a malformed value. */
function parseKeyset(value: string): Keyset {
  const [publishKey, subscribeKey, secretKey, ...rest] = value.split(':');
  if (!publishKey || !subscribeKey || rest.length > 0 || secretKey === '') {
    throw new UsageError(`--keyset expects pub:sub or pub:sub:secret, got ${JSON.stringify(value)}`);
  }
  return secretKey === undefined ? { publishKey, subscribeKey } : { publishKey, subscribeKey, secretKey };
}

function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} expects a non-negative number, got ${value}`);
  return n;
}

/** The rules of `--faults FILE`, checked. @throws UsageError when the file cannot be read, parsed or validated */
function faultsFile(file: string): FaultsOption {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--faults: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--faults: ${file} is not JSON: ${(err as Error).message}`);
  }
  try {
    return resolveFaults(parsed);
  } catch (err) {
    throw new UsageError(`--faults: ${file}: ${(err as Error).message}`);
  }
}

/** `parseArgs`, with its errors (unknown flag, missing value) as usage errors. */
function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        keyset: { type: 'string', multiple: true },
        'poll-timeout': { type: 'string' },
        'presence-timeout': { type: 'string' },
        'queue-size': { type: 'string' },
        'queue-ttl': { type: 'string' },
        data: { type: 'string' },
        faults: { type: 'string' },
        'max-file-bytes': { type: 'string' },
        'max-file-store-bytes': { type: 'string' },
        log: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

async function main(argv: string[]): Promise<void> {
  const { values } = parse(argv);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return;
  }
  const log = (values.log ?? 'pretty') as LogFormat;
  if (!['json', 'pretty', 'silent'].includes(log))
    throw new UsageError(`--log expects json, pretty or silent, got ${log}`);
  const keysets = (values.keyset ?? []).map(parseKeyset);
  const logger = createCliLogger(log);
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  const server = await startServer({
    port: numberFlag('port', values.port) ?? 8090,
    host: values.host ?? '127.0.0.1',
    keysets,
    logger,
    ...optional('pollTimeoutMs', numberFlag('poll-timeout', values['poll-timeout'])),
    ...optional('presenceTimeoutSec', numberFlag('presence-timeout', values['presence-timeout'])),
    ...optional('queueSize', numberFlag('queue-size', values['queue-size'])),
    ...optional('queueTtlMs', numberFlag('queue-ttl', values['queue-ttl'])),
    ...optional('dataDir', values.data),
    ...optional('faults', values.faults === undefined ? undefined : faultsFile(values.faults)),
    ...optional('maxFileBytes', numberFlag('max-file-bytes', values['max-file-bytes'])),
    ...optional('maxFileStoreBytes', numberFlag('max-file-store-bytes', values['max-file-store-bytes'])),
  });
  const lines = [`pubkit-server listening on ${server.url}`];
  if (values.data !== undefined) lines.push(`  data: ${values.data} (SQLite, kept across restarts)`);
  if (values.faults !== undefined) {
    lines.push(
      `  faults: ${server.faults.list().length} rule(s), seed ${server.faults.seed}; admin at ${server.url}/pubkit/faults`,
    );
  }
  if (keysets.length === 0) lines.push('  dev mode: any publish/subscribe keys, no Access Manager');
  for (const k of keysets) {
    lines.push(`  keyset pub=${k.publishKey} sub=${k.subscribeKey}${k.secretKey ? ' secret=*** (PAM enforced)' : ''}`);
  }
  if (log !== 'silent') process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`pubkit-server: ${err.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`pubkit-server: ${startFailure(err)}\n`);
  process.exit(1);
});
