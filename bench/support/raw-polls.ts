/**
 * Raw-socket HTTP/1.1 clients for the server fan-out benchmark (`server-fanout.ts`): one `net` socket per parked
 * request, one request written by hand, the response collected as bytes. No agent, no keep-alive pool: each round
 * opens fresh sockets and closes them afterwards, so no socket is ever reused while the server is closing it (the
 * keep-alive race that made the old in-process bench fail at 5,000 subscribers, docs/performance.md §3). Both the
 * floor and pubkit get exactly the same clients.
 */
import { connect, type Socket } from 'node:net';

/** One request on its own socket; `response` resolves with the raw response bytes (head and body). */
export interface RawRequest {
  readonly socket: Socket;
  readonly response: Promise<Buffer>;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** Sends `GET path` on a new socket to `127.0.0.1:port`; the response is complete at its `Content-Length`. */
export function rawGet(port: number, path: string): RawRequest {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const response = new Promise<Buffer>((resolve, reject) => {
    let got: Buffer = Buffer.alloc(0);
    let total = -1;
    socket.on('data', (chunk: Buffer) => {
      got = got.length === 0 ? chunk : Buffer.concat([got, chunk]);
      if (total < 0) {
        const end = got.indexOf(HEAD_END);
        if (end < 0) return;
        const length = /\r\ncontent-length: *(\d+)/i.exec(got.subarray(0, end).toString('latin1'));
        if (!length) return reject(new Error(`no Content-Length in ${got.subarray(0, end).toString('latin1')}`));
        total = end + HEAD_END.length + Number(length[1]);
      }
      if (got.length >= total) resolve(got);
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`socket closed after ${got.length} bytes, before a whole response`)));
  });
  response.catch(() => {}); // observed by whoever awaits it; a round that fails rejects there, never unhandled
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  return { socket, response };
}

/** Opens `count` polls, `path(i)` each, pausing briefly every 500 so the listen backlog (511) is not flooded. */
export async function openPolls(port: number, count: number, path: (i: number) => string): Promise<RawRequest[]> {
  const polls: RawRequest[] = [];
  for (let i = 0; i < count; i++) {
    polls.push(rawGet(port, path(i)));
    if (i % 500 === 499) await new Promise((r) => setTimeout(r, 20));
  }
  return polls;
}

/** One whole GET: the response body as text. */
export async function getBody(port: number, path: string): Promise<string> {
  const one = rawGet(port, path);
  try {
    const raw = await one.response;
    return raw.subarray(raw.indexOf(HEAD_END) + HEAD_END.length).toString('utf8');
  } finally {
    one.socket.destroy();
  }
}

/** The response split into its status line, header fields (`[name, value]` in order) and body. */
export function splitResponse(raw: Buffer): { status: string; headers: [string, string][]; body: string } {
  const end = raw.indexOf(HEAD_END);
  const [status = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers = lines.map((l): [string, string] => {
    const colon = l.indexOf(':');
    return [l.slice(0, colon), l.slice(colon + 1).trim()];
  });
  return { status, headers, body: raw.subarray(end + HEAD_END.length).toString('utf8') };
}
