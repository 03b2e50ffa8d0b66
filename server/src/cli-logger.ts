/**
 * Loggers for the CLI (`--log json|pretty|silent`). `pretty` colours the level unless `NO_COLOR` is set
 * (https://no-color.org) or the stream is not a terminal. The server never hands a logger auth keys or
 * signatures: request lines carry the path only, never the query.
 */
import { type Logger, silentLogger } from '@pubkit/core';

/** CLI log formats. */
export type LogFormat = 'json' | 'pretty' | 'silent';

/** A logger writing lines to `stream` in the given format. */
export function createCliLogger(
  format: LogFormat,
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Logger {
  if (format === 'silent') return silentLogger;
  const colour = format === 'pretty' && stream.isTTY === true && (env.NO_COLOR ?? '') === '';
  const codes = { debug: 90, info: 36, warn: 33, error: 31 } as const;
  const write = (level: keyof typeof codes) => (message: string, fields?: Record<string, unknown>) => {
    if (format === 'json') {
      stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
      return;
    }
    const tag = colour ? `\u001b[${codes[level]}m${level.padEnd(5)}\u001b[0m` : level.padEnd(5);
    const rest = fields
      ? Object.entries(fields)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ')
      : '';
    stream.write(`${new Date().toISOString()} ${tag} ${message}${rest ? ` ${rest}` : ''}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
