/**
 * The channel-group registry endpoints (docs/protocol.md §2.11):
 *
 *   GET /v1/channel-registration/sub-key/{sub}/channel-group/{cg}?add=ch1,ch2     add channels (creates the group)
 *   GET /v1/channel-registration/sub-key/{sub}/channel-group/{cg}?remove=ch1      remove channels
 *   GET /v1/channel-registration/sub-key/{sub}/channel-group/{cg}                 list the group's channels
 *   GET /v1/channel-registration/sub-key/{sub}/channel-group/{cg}/remove          delete the group
 *   GET /v1/channel-registration/sub-key/{sub}/channel-group                      list the groups
 *
 * Bodies are the registry service's: `{"status":200,"message":"OK","service":"channel-registry","error":false}`,
 * a listing `{"status":200,"payload":{"channels":[…],"group":"cg"},…}`, groups `{"payload":{"groups":[…]},…}`;
 * errors `{"status":400,"message":…,"service":"channel-registry","error":true}`. On a PAM keyset every call
 * needs manage (`m`) on the group (listing the groups: at subkey level), or a signature. Limits: 200 channels a
 * call, 2,000 a group (`channel-groups.ts`); a call past one changes nothing.
 */
import { MAX_CHANNELS_PER_CALL, MAX_CHANNELS_PER_GROUP } from './channel-groups.js';
import { groupProblem, parseChannelList } from './channel-names.js';
import type { Exchange, Handler, Services } from './exchange.js';

const SERVICE = 'channel-registry';

function ok(payload?: Record<string, unknown>): string {
  return JSON.stringify(
    payload === undefined
      ? { status: 200, message: 'OK', service: SERVICE, error: false }
      : { status: 200, payload, service: SERVICE, error: false },
  );
}

function fail(ex: Exchange, status: number, message: string): void {
  ex.reply(status, JSON.stringify({ status, message, service: SERVICE, error: true }));
}

/** The path's group when its name is valid and the request may manage it; undefined after an error reply. */
function managedGroup(ex: Exchange, services: Services): string | undefined {
  const group = ex.params.group ?? '';
  const problem = groupProblem(group);
  if (problem) {
    fail(ex, 400, problem);
    return undefined;
  }
  const need = { subKey: ex.params.sub ?? '', channels: [], groups: [group], permission: 'm' } as const;
  return services.access.check(ex, need) ? group : undefined;
}

/** Add, remove or list the channels of one group. */
export const channelGroupHandler: Handler = async function channelGroup(ex, services) {
  const group = managedGroup(ex, services);
  if (group === undefined) return;
  const sub = ex.params.sub ?? '';
  const op = ex.query.add !== undefined ? 'add' : ex.query.remove !== undefined ? 'remove' : 'list';
  if (op === 'list') {
    ex.reply(200, ok({ channels: services.groups.channels(sub, group), group }));
    return;
  }
  const parsed = parseChannelList(ex.query[op] ?? '');
  if ('problem' in parsed) {
    fail(ex, 400, parsed.problem);
    return;
  }
  if (parsed.channels.length === 0) {
    fail(ex, 400, `Missing channels: ${op} needs at least one channel`);
    return;
  }
  if (parsed.channels.some((c) => c.endsWith('-pnpres'))) {
    fail(ex, 400, 'Presence channels (-pnpres) cannot be added to a channel group');
    return;
  }
  if (op === 'remove') {
    if (parsed.channels.length > MAX_CHANNELS_PER_CALL) {
      fail(ex, 400, `Too many channels: at most ${MAX_CHANNELS_PER_CALL} per call`);
      return;
    }
    await services.groups.remove(sub, group, parsed.channels);
    ex.reply(200, ok());
    return;
  }
  const added = services.groups.add(sub, group, parsed.channels);
  if (added === 'too-many-per-call') fail(ex, 400, `Too many channels: at most ${MAX_CHANNELS_PER_CALL} per call`);
  else if (added === 'group-full') {
    fail(ex, 400, `Channel group is full: a group holds at most ${MAX_CHANNELS_PER_GROUP} channels`);
  } else if (added === 'memory-full') fail(ex, 503, 'Channel group storage is full (maxChannelGroupBytes)');
  else {
    await added;
    ex.reply(200, ok());
  }
};

/** Delete one group. */
export const deleteChannelGroupHandler: Handler = async function deleteChannelGroup(ex, services) {
  const group = managedGroup(ex, services);
  if (group === undefined) return;
  await services.groups.delete(ex.params.sub ?? '', group);
  ex.reply(200, ok());
};

/** List the groups of a subscribe key. */
export const listChannelGroupsHandler: Handler = function listChannelGroups(ex, services) {
  const sub = ex.params.sub ?? '';
  if (!services.access.check(ex, { subKey: sub, channels: [], permission: 'm' })) return;
  ex.reply(200, ok({ groups: services.groups.groups(sub) }));
};
