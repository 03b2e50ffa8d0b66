/**
 * Wildcard channel names (docs/protocol.md §8.5; issue 12): where `*` may stand and which channels a pattern
 * matches. Pure rules shared by the client (validation before sending) and the server (matching at delivery).
 *
 * PubNub's rules: a pattern ends with `.*` and has at most two dots, so `a.*` and `a.b.*` are patterns and
 * `a.b.c.*`, `a.*.c`, `*`, `a*` are not. A pattern matches every channel that starts with its stem and the dot:
 * `a.*` matches `a.b` and `a.b.c`; `a.b.*` matches `a.b.c` (and deeper). Presence follows the suffix: `a.*-pnpres`
 * is the presence of every channel `a.*` matches, and `a.*` never matches a `-pnpres` channel.
 */
import { isPresenceChannel, PRESENCE_SUFFIX } from './presence/names.js';

/** Most dots a wildcard pattern may hold (PubNub: three levels, `a.b.*`). */
export const MAX_WILDCARD_DOTS = 2;

/** True when `name` contains `*` and so must be a valid pattern to be used at all. */
export function isWildcardName(name: string): boolean {
  return name.includes('*');
}

/**
 * Why `name` is not a legal wildcard pattern (a `-pnpres` suffix allowed), or undefined when it is. Only the
 * structure is judged here; the stem's characters are checked by the channel rules.
 */
export function wildcardProblem(name: string): string | undefined {
  const pattern = isPresenceChannel(name) ? name.slice(0, -PRESENCE_SUFFIX.length) : name;
  if (!pattern.endsWith('.*') || pattern.indexOf('*') !== pattern.length - 1) {
    return `"${name}": a wildcard must end with ".*" and "*" may appear nowhere else (a.* or a.b.*)`;
  }
  const stem = pattern.slice(0, -2);
  if (stem === '' || stem.startsWith('.') || stem.endsWith('.') || stem.includes('..')) {
    return `"${name}": a wildcard needs a name before ".*" (a.* or a.b.*)`;
  }
  let dots = 1;
  for (const c of stem) if (c === '.') dots++;
  if (dots > MAX_WILDCARD_DOTS) return `"${name}": a wildcard may have at most ${MAX_WILDCARD_DOTS} dots (a.b.*)`;
  return undefined;
}

/** The stem of a legal pattern with its dot (`a.b.*` → `a.b.`), the prefix every matching channel starts with. */
export function wildcardPrefix(pattern: string): string {
  const plain = isPresenceChannel(pattern) ? pattern.slice(0, -PRESENCE_SUFFIX.length) : pattern;
  return plain.slice(0, -1);
}

/**
 * Every pattern that matches `channel`: `a.b.c` → `a.*`, `a.b.*`; `a.b-pnpres` → `a.*-pnpres`; none for a name
 * without a dot. At most `MAX_WILDCARD_DOTS` patterns, so matching a published channel costs two lookups.
 */
export function wildcardPatternsOf(channel: string): string[] {
  const presence = isPresenceChannel(channel);
  const base = presence ? channel.slice(0, -PRESENCE_SUFFIX.length) : channel;
  const out: string[] = [];
  let from = 0;
  for (let n = 0; n < MAX_WILDCARD_DOTS; n++) {
    const dot = base.indexOf('.', from);
    if (dot <= 0 || dot === base.length - 1) break;
    out.push(`${base.slice(0, dot + 1)}*${presence ? PRESENCE_SUFFIX : ''}`);
    from = dot + 1;
  }
  return out;
}
