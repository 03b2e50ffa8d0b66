/**
 * The local server with files, in its own process for the files benchmark (its memory is not the client's): the
 * open keyset, a 6 MiB upload limit so an encrypted 5 MiB file (5 MiB + IV + padding) fits (`FILES_BENCH_MAX_BYTES`
 * raises it, for a size sweep with `support/files-client-probe.ts`). Prints its URL.
 */
import { startServer } from '@pubkit/server';

const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  keysets: [{ publishKey: 'pub-bench', subscribeKey: 'sub-bench' }],
  maxFileBytes: Number(process.env.FILES_BENCH_MAX_BYTES ?? 6 * 1024 * 1024),
} as Parameters<typeof startServer>[0]);
process.stdout.write(`${server.url}\n`);
process.stdin.on('end', () => {
  server.close().then(() => process.exit(0));
});
process.stdin.resume();
