/**
 * Answers for requests node:http refuses before the router sees them (`clientError`): the parser's verdicts and
 * its timers (issue 9 item 10).
 *
 *   - a request line or headers past the parser's limit: 414 when the request line is what overflowed (the URI is
 *     the only unbounded part of it, docs/protocol.md §8.6), 431 when header lines did;
 *   - `headersTimeoutMs` / `requestTimeoutMs` elapsed before the request was complete: 408;
 *   - anything else the parser rejects: 400.
 *
 * Each answer is a complete HTTP/1.1 response with the common headers and a JSON body, then the connection is
 * closed (the rest of the request cannot be framed). A socket that is no longer writable is destroyed.
 */
import type { Duplex } from 'node:stream';
import { CONTENT_TYPE, serviceError } from './reply.js';

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

/** The status and message for a parser or timer error, given the raw bytes node kept when it has them. */
export function classifyClientError(err: NodeJS.ErrnoException & { rawPacket?: unknown }): [number, string] {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'Request Timeout: the request was not complete in time'];
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    // node keeps only the chunk that overflowed. Header lines in it mean the header block overflowed; a chunk with no
    // line end at all is, in practice, the request line: the URI (one single header line that long is told apart
    // from a URI only by its first bytes, which are gone, so it gets the 414 too).
    const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined;
    return raw?.includes('\r\n')
      ? [431, 'Request Header Fields Too Large']
      : [414, 'URI Too Long: the limit is 32 KiB'];
  }
  return [400, 'Bad Request'];
}

/** The `clientError` listener of the server. */
export function answerClientError(err: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] = classifyClientError(err);
  const body = serviceError(status, message);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\n` +
      `Content-Type: ${CONTENT_TYPE}\r\n` +
      'Access-Control-Allow-Origin: *\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
