/**
 * Access Manager v3 tokens published by PubNub (its public JavaScript SDK test fixtures) and what `pubnub@7.3.3`'s
 * `parseToken` reports for them (observed by running it; `authorized_uuid` renamed to pubkit's `authorizedUuid`).
 */
import type { TokenPermissions } from '@pubkit/core';

const ALL: TokenPermissions = {
  read: true,
  write: true,
  manage: true,
  delete: true,
  get: true,
  update: true,
  join: true,
};
const READ: TokenPermissions = {
  read: true,
  write: false,
  manage: false,
  delete: false,
  get: false,
  update: false,
  join: false,
};
const READ_MANAGE: TokenPermissions = { ...READ, manage: true };
const UUID_PERMS: TokenPermissions = { ...READ, read: false, delete: true, get: true, update: true };

/** A token bound to `test-authorized-uuid` with resources and patterns of all three types. */
export const AUTHORIZED_TOKEN =
  'qEF2AkF0GmEI03xDdHRsGDxDcmVzpURjaGFuoWljaGFubmVsLTEY70NncnChb2NoYW5uZWxfZ3JvdXAtMQVDdXNyoENzcGOgRHV1aWShZnV1aWQtMRhoQ3BhdKVEY2hhbqFtXmNoYW5uZWwtXFMqJBjvQ2dycKF0XjpjaGFubmVsX2dyb3VwLVxTKiQFQ3VzcqBDc3BjoER1dWlkoWpedXVpZC1cUyokGGhEbWV0YaBEdXVpZHR0ZXN0LWF1dGhvcml6ZWQtdXVpZENzaWdYIPpU-vCe9rkpYs87YUrFNWkyNq8CVvmKwEjVinnDrJJc';

/** `parseToken(AUTHORIZED_TOKEN)` without the signature. */
export const AUTHORIZED_PARSED = {
  version: 2,
  timestamp: 1627968380,
  ttl: 60,
  authorizedUuid: 'test-authorized-uuid',
  resources: {
    channels: { 'channel-1': ALL },
    groups: { 'channel_group-1': READ_MANAGE },
    uuids: { 'uuid-1': UUID_PERMS },
  },
  patterns: {
    channels: { '^channel-\\S*$': ALL },
    groups: { '^:channel_group-\\S*$': READ_MANAGE },
    uuids: { '^uuid-\\S*$': UUID_PERMS },
  },
};

/** A token without an authorized uuid: read on one name and on `.*` of each type. */
export const READ_ALL_TOKEN =
  'p0F2AkF0GmEK-4NDdHRsGDxDcmVzpURjaGFuoWhjaGFubmVsMQFDZ3JwoWZncm91cDEBQ3VzcqBDc3BjoER1dWlkoWV1c2VyMQFDcGF0pURjaGFuoWIuKgFDZ3JwoWIuKgFDdXNyoENzcGOgRHV1aWShYi4qAURtZXRhoENzaWdYII5bQpWLi6Z-l5jbShWxZ7QL6o8Dz6_vxluhxrMGzQCN';

/** `parseToken(READ_ALL_TOKEN)` without the signature. */
export const READ_ALL_PARSED = {
  version: 2,
  timestamp: 1628109699,
  ttl: 60,
  resources: { channels: { channel1: READ }, groups: { group1: READ }, uuids: { user1: READ } },
  patterns: { channels: { '.*': READ }, groups: { '.*': READ }, uuids: { '.*': READ } },
};
