/**
 * A fake `Transport` for driver tests: every `send()` is recorded, and the test decides how and when each request
 * settles (a recorded v2 body, an error status, a transport error). No network, no mocks of the driver itself:
 * the driver runs unchanged against this link, as h11's tests run two real endpoints over a fake link.
 */
import {
  type InFlight,
  type PnRequest,
  type PnResponse,
  PubnubAbortError,
  type PubnubTransportError,
  type Transport,
} from '@pubkit/core';

/** One recorded request and the handles to settle it. */
export interface SentRequest {
  readonly request: PnRequest;
  /** True once the driver aborted it. */
  readonly aborted: boolean;
  /** True once it settled (answered, failed or aborted). */
  readonly settled: boolean;
  /** Answers with `status` and `body` (JSON text, exactly as the service sent it). */
  respond(body: string, status?: number): void;
  /** Fails with a transport error (network, timeout). */
  fail(error: PubnubTransportError): void;
}

/** The fake link. */
export class FakeLink implements Transport {
  readonly sent: SentRequest[] = [];

  /**
   * @param lateAnswers when true, `abort()` only marks the request aborted and leaves it open, so the test can
   *   still answer it: the race of a response arriving just as the driver aborts its request.
   */
  constructor(private readonly lateAnswers = false) {}

  send(request: PnRequest): InFlight {
    let resolve!: (res: PnResponse) => void;
    let reject!: (err: unknown) => void;
    const response = new Promise<PnResponse>((ok, ko) => {
      resolve = ok;
      reject = ko;
    });
    const entry = {
      request,
      aborted: false,
      settled: false,
      respond(body: string, status = 200) {
        if (entry.settled) throw new Error('FakeLink: request already settled');
        entry.settled = true;
        resolve({ status, headers: { 'content-type': 'text/javascript; charset="UTF-8"' }, body });
      },
      fail(error: PubnubTransportError) {
        if (entry.settled) throw new Error('FakeLink: request already settled');
        entry.settled = true;
        reject(error);
      },
    };
    this.sent.push(entry);
    const late = this.lateAnswers;
    return {
      response,
      abort() {
        if (entry.settled || entry.aborted) return;
        entry.aborted = true;
        if (late) return;
        entry.settled = true;
        reject(new PubnubAbortError());
      },
    };
  }

  /** The most recent request. */
  get last(): SentRequest {
    const last = this.sent.at(-1);
    if (last === undefined) throw new Error('FakeLink: nothing was sent');
    return last;
  }

  /** Requests neither answered nor aborted. */
  get open(): SentRequest[] {
    return this.sent.filter((s) => !s.settled && !s.aborted);
  }
}

/** Lets every pending promise callback run (the driver's `.then` handlers). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
