/**
 * Channel and channel-group name checks shared by every endpoint (docs/protocol.md §8.5, §5): the rules are core's
 * `validateChannel` and `wildcardProblem`, so the server refuses exactly what pubkit's client refuses before sending.
 */
import {
  channelNameLength,
  isWildcardName,
  MAX_NAME_LENGTH,
  splitNameList,
  validateChannel,
  wildcardPrefix,
  wildcardProblem,
} from '@pubkit/core';

/**
 * Why a channel name is refused, or undefined when it is valid. The length limit counts the name without a
 * `-pnpres` suffix, as the client does (docs/decisions.md, "The name limit and presence names"). With
 * `wildcards`, a legal pattern (`a.*`, `a.b.*`, either with `-pnpres`) is valid too (subscribe, grants).
 */
export function channelProblem(name: string, wildcards = false): string | undefined {
  // Characters never outnumber UTF-16 units: a name within the limit in units needs no counting.
  if (name.length > MAX_NAME_LENGTH && channelNameLength(name) > MAX_NAME_LENGTH) {
    return `Channel name is longer than ${MAX_NAME_LENGTH} characters`;
  }
  if (wildcards && isWildcardName(name)) {
    const problem = wildcardProblem(name);
    if (problem) return `Invalid wildcard: ${problem}`;
    return channelProblem(`${wildcardPrefix(name)}x`);
  }
  try {
    validateChannel(name);
    return undefined;
  } catch {
    return 'Invalid Character in Channel Name';
  }
}

/** A decoded comma list split into names (`,` alone is the empty list), or the first problem found. */
export function parseChannelList(list: string, wildcards = false): { channels: string[] } | { problem: string } {
  const channels = [...new Set(splitNameList(list))];
  for (const name of channels) {
    const problem = channelProblem(name, wildcards);
    if (problem) return { problem: `${problem}: ${JSON.stringify(name.slice(0, 100))}` };
  }
  return { channels };
}

// `,` separates lists, `/` `\` break paths, `*` is the channel wildcard; `:` is allowed (the `ns:group` namespace).
const FORBIDDEN_GROUP_CHARS = /[,*/\\\s\u0000-\u001f\u007f]/u;

/** Why a channel-group name is refused, or undefined. `-pnpres` (the group's presence) is allowed when `presence`. */
export function groupProblem(name: string, presence = false): string | undefined {
  if (name === '') return 'Channel group name is empty';
  if (!presence && name.endsWith('-pnpres')) return 'Channel group names may not end with -pnpres';
  if (channelNameLength(name) > MAX_NAME_LENGTH) {
    return `Channel group name is longer than ${MAX_NAME_LENGTH} characters`;
  }
  if (FORBIDDEN_GROUP_CHARS.test(name)) return 'Invalid Character in Channel Group Name';
  return undefined;
}

/** A decoded comma list of group names, or the first problem found. */
export function parseGroupList(list: string, presence = false): { groups: string[] } | { problem: string } {
  const groups = [...new Set(splitNameList(list))];
  for (const name of groups) {
    const problem = groupProblem(name, presence);
    if (problem) return { problem: `${problem}: ${JSON.stringify(name.slice(0, 100))}` };
  }
  return { groups };
}
