/**
 * The floor of the server ingest benchmarks (issue 18: "plain `node:http` handler"): a handler that reads nothing
 * and answers every request with the bytes pubkit-server answered one publish with, captured once: the same status,
 * the same headers (PubNub's content type, CORS and cache headers, docs/protocol.md §1.4) and a body of the same
 * length. node:http writes `Date`, `Connection` and `Keep-Alive` itself, as it does for pubkit. Answering fewer
 * header bytes than pubkit would make the in-process clients' side of each floor round cheaper than pubkit's, a gap
 * no server could close (docs/performance.md §3).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One captured answer: status, header name/value pairs (flat) and body. */
export interface CapturedAnswer {
  readonly status: number;
  readonly headers: readonly string[];
  readonly body: string;
}

/** Headers node:http adds to every response by itself, left out of the capture. */
const NODE_OWN = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** GETs `path` from `base` once (no keep-alive) and captures the answer. */
export function captureAnswer(base: string, path: string): Promise<CapturedAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => {
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!;
          if (!NODE_OWN.has(name.toLowerCase())) headers.push(name, res.rawHeaders[i + 1]!);
        }
        resolve({ status: res.statusCode ?? 200, headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Starts the plain handler answering `answer` on 127.0.0.1, port 0; resolves with the server and its URL. */
export async function startPublishFloor(answer: CapturedAnswer): Promise<{ server: Server; url: string }> {
  const headers = [...answer.headers];
  const server = createServer((_req, res) => {
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
