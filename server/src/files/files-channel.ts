/**
 * The first two checks of every files endpoint on a channel (docs/protocol.md §15): the channel name, answered 400
 * with the files error body, then Access Manager for the permission the endpoint needs (its own 403).
 */
import { channelProblem } from '../channel-names.js';
import type { Exchange, Services } from '../exchange.js';
import type { Permission } from '../grant-store.js';
import { filesError } from './files-reply.js';

/** The subscribe key and channel a files request names, once both checks pass; undefined once answered. */
export function checkedFilesChannel(
  ex: Exchange,
  services: Services,
  permission: Permission,
): { readonly sub: string; readonly ch: string } | undefined {
  const { sub = '', ch = '' } = ex.params;
  const problem = channelProblem(ch);
  if (problem) {
    ex.reply(400, filesError(400, problem));
    return undefined;
  }
  if (!services.access.check(ex, { subKey: sub, channels: [ch], permission })) return undefined;
  return { sub, ch };
}
