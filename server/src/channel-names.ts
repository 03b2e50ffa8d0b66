/**
 * Channel-name checks shared by every endpoint (docs/protocol.md §8.5, §5): the rules are core's `validateChannel`, so the
 * server refuses exactly what pubkit's client refuses before sending.
 */
import { channelNameLength, MAX_NAME_LENGTH, splitNameList, validateChannel } from '@pubkit/core';

/**
 * Why a channel name is refused, or undefined when it is valid. The length limit counts the name without a
 * `-pnpres` suffix, as the client does (docs/decisions.md, "The name limit and presence names").
 */
export function channelProblem(name: string): string | undefined {
  if (channelNameLength(name) > MAX_NAME_LENGTH) return `Channel name is longer than ${MAX_NAME_LENGTH} characters`;
  try {
    validateChannel(name);
    return undefined;
  } catch {
    return 'Invalid Character in Channel Name';
  }
}

/** A decoded comma list split into names (`,` alone is the empty list), or the first problem found. */
export function parseChannelList(list: string): { channels: string[] } | { problem: string } {
  const channels = [...new Set(splitNameList(list))];
  for (const name of channels) {
    const problem = channelProblem(name);
    if (problem) return { problem: `${problem}: ${JSON.stringify(name.slice(0, 100))}` };
  }
  return { channels };
}
