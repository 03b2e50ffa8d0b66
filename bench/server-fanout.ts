/**
 * Fan-out: BENCH_SUBSCRIBERS (default 1,000) parked v2 subscribes, one publish that reaches all of them; the server
 * time from the publish's arrival to the last subscriber's response written, measured inside the server process
 * (`support/fanout-server.ts`). Floor: a plain `node:http` handler in its own process holding the same requests
 * and, when a trigger request arrives, a raw loop writing each the same header fields and body bytes pubkit
 * answered with (checked every round: only the `Date` value may differ). The clients are raw sockets in this
 * process (`support/raw-polls.ts`), fresh ones each round, identical for both servers; each subscriber sends its
 * own `uuid`, as SDKs do. BENCH_FANOUT_CHANNELS (default 1) makes every subscriber listen to that many channels,
 * the publish going to the first. Floor and pubkit alternate in each round (`support/rounds.ts`), which goes first
 * alternating too; issue 18 goal ≤ 1.0×. BENCH_FANOUT_PROFILE=dir writes a CPU profile of
 * each measured fan-out there (server side, `support/fanout-server.ts`).
 *
 *   node --conditions=source --import tsx bench/server-fanout.ts
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getBody, openPolls, rawGet, splitResponse } from './support/raw-polls.js';
import { median, printRows, ROUNDS, type Row, size } from './support/rounds.js';

const SUBSCRIBERS = size('BENCH_SUBSCRIBERS', 1_000, 1_000);
const CHANNELS = size('BENCH_FANOUT_CHANNELS', 1, 1);
const PARK_WAIT_MS = 180_000;

type Reply = { port?: number; parked?: number; sockets?: number; armed?: boolean; ms?: number; cpuUs?: number };

/** One server child (`support/fanout-server.ts`) and its IPC, one reply per request in order. */
class ServerProcess {
  readonly #child: ChildProcess;
  readonly #replies: Reply[] = [];
  readonly #waiting: ((r: Reply) => void)[] = [];
  port = 0;

  constructor(kind: 'pubkit' | 'plain') {
    const execArgv = ['--conditions=source', '--import', 'tsx', '--expose-gc'];
    this.#child = fork(fileURLToPath(new URL('./support/fanout-server.ts', import.meta.url)), [kind], { execArgv });
    this.#child.on('message', (m: Reply) => {
      const w = this.#waiting.shift();
      if (w) w(m);
      else this.#replies.push(m);
    });
  }

  next(): Promise<Reply> {
    const r = this.#replies.shift();
    return r ? Promise.resolve(r) : new Promise((resolve) => this.#waiting.push(resolve));
  }

  ask(m: object): Promise<Reply> {
    this.#child.send(m);
    return this.next();
  }

  async start(): Promise<this> {
    this.port = (await this.next()).port!;
    return this;
  }

  /** Waits until `check` holds on what `op` answers, polling every 20 ms, or fails after `ms`. */
  async until(op: string, check: (r: Reply) => boolean, ms: number, what: string): Promise<void> {
    const deadline = performance.now() + ms;
    for (;;) {
      const r = await this.ask({ op });
      if (check(r)) return;
      if (performance.now() > deadline) throw new Error(`${what}: ${JSON.stringify(r)} after ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.#child.once('exit', () => resolve());
      this.#child.disconnect();
    });
  }
}

interface Measured {
  readonly ms: number;
  readonly cpuUs: number;
  /** The first subscriber's raw response (head and body). */
  readonly sample: Buffer;
}

/** One fan-out: park `SUBSCRIBERS` polls, trigger, collect the server's own figure and every response. */
async function fanout(server: ServerProcess, pollPath: (i: number) => string, trigger: string): Promise<Measured> {
  const polls = await openPolls(server.port, SUBSCRIBERS, pollPath);
  try {
    await server.until('parked', (r) => r.parked === SUBSCRIBERS, PARK_WAIT_MS, 'polls parked');
    await server.ask({ op: 'arm', polls: SUBSCRIBERS });
    const measured = server.next();
    const publish = rawGet(server.port, trigger);
    const responses = await Promise.all(polls.map((p) => p.response));
    const { ms, cpuUs } = await measured;
    await publish.response;
    publish.socket.destroy();
    if (responses.some((r) => r.length !== responses[0]!.length)) throw new Error('subscribers got different answers');
    return { ms: ms!, cpuUs: cpuUs!, sample: responses[0]! };
  } finally {
    for (const p of polls) p.socket.destroy();
    // The next round starts once this round's sockets are gone on the server too (their close is not measured).
    await server.until('sockets', (r) => r.sockets === 0, 60_000, 'sockets closed');
  }
}

/** The header fields of `raw` that the floor must send (node adds `Connection` and `Keep-Alive` itself). */
function fieldsOf(raw: Buffer): string[] {
  return splitResponse(raw)
    .headers.filter(([name]) => !/^(connection|keep-alive)$/i.test(name))
    .flat();
}

/** Throws unless `floor` is `ours` byte for byte, but for the `Date` value and the timetoken digits. */
function checkSameBytes(floor: Buffer, ours: Buffer): void {
  const a = splitResponse(floor);
  const b = splitResponse(ours);
  const names = (h: [string, string][]) => h.map(([n, v]) => (/^date$/i.test(n) ? n : `${n}: ${v}`)).join('\n');
  const digitless = (s: string) => s.replace(/\d/g, '0');
  if (a.status !== b.status || names(a.headers) !== names(b.headers) || digitless(a.body) !== digitless(b.body)) {
    throw new Error(`the floor's answer differs from pubkit's:\n${floor.toString()}\n---\n${ours.toString()}`);
  }
}

/** The fan-out row: pubkit's server time to the last answer over the raw loop's, per round. */
export async function benchFanout(): Promise<Row[]> {
  const [ours, plain] = await Promise.all([new ServerProcess('pubkit').start(), new ServerProcess('plain').start()]);
  const channels = Array.from({ length: CHANNELS }, (_, i) => (i === 0 ? 'fan' : `fan-${i}`)).join(',');
  let pollPath = (i: number) => `/v2/subscribe/sub/${channels}/0?tt=0&uuid=u${i}`;
  const pubkitRound = async () => {
    // A fresh cursor each round: the previous round's message is after the old one and would answer at once.
    const hs = JSON.parse(await getBody(ours.port, `/v2/subscribe/sub/${channels}/0`)) as { t: { t: string } };
    pollPath = (i) => `/v2/subscribe/sub/${channels}/0?tt=${hs.t.t}&uuid=u${i}`;
    return fanout(ours, pollPath, '/publish/pub/sub/0/fan/0/%22hello%22');
  };
  // The floor gets the same request paths; it never reads them.
  const plainRound = () => fanout(plain, pollPath, '/trigger');
  try {
    const warm = await pubkitRound(); // warm-up, and the bytes the floor writes
    await plain.ask({ op: 'floor', headers: fieldsOf(warm.sample), body: splitResponse(warm.sample).body });
    checkSameBytes((await plainRound()).sample, warm.sample);
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    const oursMs: number[] = [];
    const plainMs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const first = i % 2 === 0 ? await plainRound() : await pubkitRound();
      const second = i % 2 === 0 ? await pubkitRound() : await plainRound();
      const [base, mine] = i % 2 === 0 ? [first, second] : [second, first];
      checkSameBytes(base.sample, mine.sample);
      ratios.push(mine.ms / base.ms);
      cpuRatios.push(mine.cpuUs / base.cpuUs);
      oursMs.push(mine.ms);
      plainMs.push(base.ms);
    }
    const channelNote = CHANNELS === 1 ? '' : `, ${CHANNELS} channels each`;
    return [
      {
        measure: `one message to ${SUBSCRIBERS} parked subscribers${channelNote}`,
        floor: 'raw loop writing the same bytes',
        ratios,
        goal: { op: '<=', value: 1.0 },
        detail: `(server time ${median(oursMs).toFixed(1)} vs ${median(plainMs).toFixed(1)} ms, medians; server CPU ${median(cpuRatios).toFixed(2)}×, range ${Math.min(...cpuRatios).toFixed(2)}–${Math.max(...cpuRatios).toFixed(2)})`,
      },
    ];
  } finally {
    await Promise.all([ours.stop(), plain.stop()]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printRows(await benchFanout());
