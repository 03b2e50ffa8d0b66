/**
 * The chaos run for pubkit's Node client (issue 17; docs/testing.md §1), shared by the suite and `npm run soak`.
 *
 * One publisher pushes messages over `channels` channels, `inFlight` publishes at a time, with a cipher key; one
 * subscriber holds all the channels with presence and `backfill`. Meanwhile the server fires the chaos faults and
 * is killed with SIGKILL and started again on its data directory. A publish that resolved is *acknowledged*; one
 * that failed is not, and is never resent (docs/decisions.md "Never resend a written publish"), so it may or may
 * not arrive. The verdict: every acknowledged message arrived exactly once, no message arrived twice, and each
 * channel's messages arrived in publish order.
 */
import { Pubnub, type PubnubError, type SubscribeStatus } from '@pubkit/node';
import type { ServerProcess } from './server-process.js';

/** What a run does. */
export interface NodeChaosOptions {
  readonly server: ServerProcess;
  readonly channels: number;
  readonly inFlight: number;
  /** Stop publishing after this many messages… */
  readonly messages: number;
  /** …or after this long, whichever comes first. */
  readonly durationMs: number;
  /** Kill and restart the server after these many publishes (attempted). */
  readonly killAt: (attempted: number) => boolean;
  /** How long to wait for the stragglers once publishing is over. */
  readonly settleMs: number;
  /** Called about every `tickMs` with the counts so far. */
  readonly onTick?: ((report: ChaosReport) => void) | undefined;
  readonly tickMs?: number | undefined;
}

/** The counts of a run. */
export interface ChaosReport {
  attempted: number;
  acknowledged: number;
  failed: number;
  received: number;
  /** Acknowledged messages never received. */
  lost: number;
  /** Messages received more than once. */
  duplicated: number;
  /** Messages received after a later one of the same channel. */
  outOfOrder: number;
  /** Failed (unacknowledged) publishes that arrived anyway. */
  failedButDelivered: number;
  presenceEvents: number;
  gaps: number;
  reconnects: number;
  restarts: number;
  subscribeErrors: number;
  /** Heap of this process, sampled. */
  heapMb: number[];
  /** RSS of the server child, sampled. */
  serverRssMb: number[];
  elapsedMs: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Runs the publisher, the subscriber and the killer until done; always closes its clients. */
export async function runNodeChaos(o: NodeChaosOptions): Promise<ChaosReport> {
  const started = performance.now();
  const names = Array.from({ length: o.channels }, (_, i) => `chaos-${i}`);
  const common = {
    publishKey: 'pub',
    subscribeKey: 'sub',
    origin: o.server.url,
    cipherKey: 'chaos-cipher',
    requestTimeoutMs: 5_000,
    subscribeTimeoutMs: 15_000,
    retry: { baseDelayMs: 50, maxDelayMs: 400, jitterMs: 20 },
  } as const;
  const publisher = new Pubnub({ ...common, uuid: 'chaos-publisher' });
  const subscriber = new Pubnub({ ...common, uuid: 'chaos-subscriber', heartbeat: 20, heartbeatInterval: 5 });
  const acked = new Set<string>();
  const failedIds = new Set<string>();
  const seen = new Map<string, number>();
  const lastSeq = new Map<number, number>();
  const report: ChaosReport = {
    attempted: 0,
    acknowledged: 0,
    failed: 0,
    received: 0,
    lost: 0,
    duplicated: 0,
    outOfOrder: 0,
    failedButDelivered: 0,
    presenceEvents: 0,
    gaps: 0,
    reconnects: 0,
    restarts: 0,
    subscribeErrors: 0,
    heapMb: [],
    serverRssMb: [],
    elapsedMs: 0,
  };
  const connected = { ok: false };
  subscriber.subscribe({
    channels: names,
    withPresence: true,
    backfill: true,
    callback: (message) => {
      const { c, s } = message as { c: number; s: number };
      const id = `${c}:${s}`;
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      report.received++;
      if (n > 1) report.duplicated++;
      if ((lastSeq.get(c) ?? -1) >= s) report.outOfOrder++;
      else lastSeq.set(c, s);
    },
    presence: () => {
      report.presenceEvents++;
    },
    status: (status: SubscribeStatus) => {
      if (status.category === 'connected') connected.ok = true;
      if (status.category === 'gap') report.gaps++;
      if (status.category === 'reconnected') report.reconnects++;
    },
    error: (_err: PubnubError) => {
      report.subscribeErrors++;
    },
  });
  const sample = async () => {
    report.heapMb.push(mb(process.memoryUsage().heapUsed));
    const rss = await o.server.rss();
    if (rss !== undefined) report.serverRssMb.push(mb(rss));
    report.elapsedMs = Math.round(performance.now() - started);
    o.onTick?.(report);
  };
  const ticker = setInterval(() => void sample(), o.tickMs ?? 5_000);
  try {
    const deadline = Date.now() + 30_000;
    while (!connected.ok) {
      if (Date.now() > deadline) throw new Error('the subscriber never connected');
      await new Promise((r) => setTimeout(r, 20));
    }
    const seqs = new Array<number>(o.channels).fill(0);
    const stopAt = Date.now() + o.durationMs;
    let restarting: Promise<void> | undefined;
    const worker = async () => {
      for (;;) {
        if (report.attempted >= o.messages || Date.now() >= stopAt) return;
        const c = report.attempted % o.channels;
        const s = seqs[c]!++;
        report.attempted++;
        if (o.killAt(report.attempted) && restarting === undefined) {
          restarting = (async () => {
            await o.server.kill();
            report.restarts++;
            await o.server.start();
          })().finally(() => {
            restarting = undefined;
          });
        }
        const id = `${c}:${s}`;
        try {
          await publisher.publish(names[c]!, { c, s, at: Date.now() });
          acked.add(id);
          report.acknowledged++;
        } catch (err) {
          failedIds.add(id);
          report.failed++;
          // A failing server: back off instead of burning through the messages; longer when it is down.
          const down = !(err as { maybeDelivered?: boolean }).maybeDelivered;
          await new Promise((r) => setTimeout(r, down ? 400 : 100));
        }
      }
    };
    await Promise.all(Array.from({ length: o.inFlight }, worker));
    await restarting;
    const settleBy = Date.now() + o.settleMs;
    while (Date.now() < settleBy && [...acked].some((id) => !seen.has(id))) {
      await new Promise((r) => setTimeout(r, 50));
    }
    // A little longer for late duplicates.
    await new Promise((r) => setTimeout(r, 300));
    await sample();
  } finally {
    clearInterval(ticker);
    await Promise.all([publisher.close(), subscriber.close()]);
  }
  report.lost = [...acked].filter((id) => !seen.has(id)).length;
  report.failedButDelivered = [...failedIds].filter((id) => seen.has(id)).length;
  report.elapsedMs = Math.round(performance.now() - started);
  return report;
}
