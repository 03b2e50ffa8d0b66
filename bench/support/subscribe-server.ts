/**
 * The local `@pubkit/server` for the subscribe benchmark, in its own process so its CPU is not counted against the
 * client. The catch-up queue holds a whole pre-filled backlog (BENCH_QUEUE). Prints its URL; exits with its parent.
 */
import { startServer } from '@pubkit/server';

const server = await startServer({
  port: 0,
  queueSize: Number(process.env.BENCH_QUEUE ?? 20_000),
  pollTimeoutMs: 10_000,
});
process.stdout.write(`${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('disconnect', stop);
process.stdin.on('end', stop);
process.stdin.resume();
