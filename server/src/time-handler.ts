/**
 * `GET /time/0` (docs/protocol.md §2.1): `[<17-digit number>]`. A bare JSON number, as production sends; it is a fresh
 * token from the server's monotonic source, so it is never older than any token handed out before. Signatures on
 * `/time` (JS 3.x signs it, §9.2) are not checked: time is public.
 */
import type { Handler } from './exchange.js';

/** Answers `/time/{callback}`. */
export const timeHandler: Handler = function time(ex, services) {
  ex.reply(200, `[${services.tokens.next().text}]`);
};
