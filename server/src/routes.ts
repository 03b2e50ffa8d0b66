/**
 * The route table: every endpoint the server implements, in one place (docs/protocol.md §2, §4). Order matters only where
 * patterns overlap; literal segments make them disjoint here. `sub-key|sub_key` accepts both spellings (quirk 5).
 */

import { byMethod } from './by-method.js';
import { channelGroupHandler, deleteChannelGroupHandler, listChannelGroupsHandler } from './channel-group-handlers.js';
import { deleteMessagesHandler } from './delete-messages-handler.js';
import { fetchMessagesHandler, fetchWithActionsHandler } from './fetch-messages-handler.js';
import { deleteFileHandler, downloadFileHandler } from './files/file-handlers.js';
import { generateUploadUrlHandler, UPLOAD_URL_BODY } from './files/generate-upload-url-handler.js';
import { listFilesHandler } from './files/list-files-handler.js';
import { publishFileHandler } from './files/publish-file-handler.js';
import { storageDownloadHandler } from './files/storage-download-handler.js';
import { storageUploadHandler } from './files/storage-upload-handler.js';
import { historyHandler } from './history-handler.js';
import { addActionHandler, getActionsHandler, removeActionHandler } from './message-actions-handlers.js';
import { messageCountsHandler } from './message-counts-handler.js';
import { memberHandlers, membershipHandlers } from './objects/membership-handlers.js';
import { metadataHandlers } from './objects/metadata-handlers.js';
import { OBJECTS_BODY } from './objects/objects-params.js';
import { auditHandler, grantHandler } from './pam-handlers.js';
import {
  getStateHandler,
  heartbeatHandler,
  hereNowGlobalHandler,
  hereNowHandler,
  leaveHandler,
  setStateHandler,
  whereNowHandler,
} from './presence-handlers.js';
import { publishHandler, signalHandler } from './publish-handler.js';
import type { Route } from './router.js';
import { subscribeV1Handler, subscribeV2Handler } from './subscribe-handler.js';
import { timeHandler } from './time-handler.js';
import { grantTokenHandler, revokeTokenHandler } from './token-handlers.js';

const PRESENCE = '/v2/presence/sub-key|sub_key/:sub';
const REGISTRY = '/v1/channel-registration/sub-key|sub_key/:sub/channel-group';
const OBJECTS = '/v2/objects/:sub';
const UUIDS = metadataHandlers('uuid');
const CHANNELS = metadataHandlers('channel');
const FILES = '/v1/files/:sub/channels/:ch';

/** Every implemented endpoint. */
export const routes: readonly Route[] = [
  { pattern: '/time/:callback', handler: timeHandler },
  { pattern: '/publish/:pub/:sub/:sig/:ch/:callback/:msg', handler: publishHandler },
  { pattern: '/publish/:pub/:sub/:sig/:ch/:callback', handler: publishHandler, body: true },
  { pattern: '/signal/:pub/:sub/:sig/:ch/:callback/:msg', handler: signalHandler },
  { pattern: '/signal/:pub/:sub/:sig/:ch/:callback', handler: signalHandler, body: true },
  { pattern: '/subscribe/:sub/:channels/:callback/:tt', handler: subscribeV1Handler },
  { pattern: '/v2/subscribe/:sub/:channels/:callback', handler: subscribeV2Handler },
  { pattern: '/v2/history/sub-key|sub_key/:sub/channel/:ch', handler: historyHandler },
  {
    pattern: '/v3/history/sub-key|sub_key/:sub/channel/:channels',
    handler: byMethod({ GET: fetchMessagesHandler, DELETE: deleteMessagesHandler }),
  },
  { pattern: '/v3/history-with-actions/sub-key|sub_key/:sub/channel/:channels', handler: fetchWithActionsHandler },
  { pattern: '/v3/history/sub-key|sub_key/:sub/message-counts/:channels', handler: messageCountsHandler },
  { pattern: '/v1/message-actions/:sub/channel/:ch', handler: getActionsHandler },
  { pattern: '/v1/message-actions/:sub/channel/:ch/message/:mtt', handler: addActionHandler, body: true },
  { pattern: '/v1/message-actions/:sub/channel/:ch/message/:mtt/action/:att', handler: removeActionHandler },
  { pattern: PRESENCE, handler: hereNowGlobalHandler },
  { pattern: `${PRESENCE}/channel/:channels`, handler: hereNowHandler },
  { pattern: `${PRESENCE}/channel/:channels/leave`, handler: leaveHandler },
  { pattern: `${PRESENCE}/channel/:channels/heartbeat`, handler: heartbeatHandler },
  { pattern: `${PRESENCE}/channel/:channels/uuid/:uuid`, handler: getStateHandler },
  { pattern: `${PRESENCE}/channel/:channels/uuid/:uuid/data`, handler: setStateHandler },
  { pattern: `${PRESENCE}/uuid/:uuid`, handler: whereNowHandler },
  { pattern: REGISTRY, handler: listChannelGroupsHandler },
  { pattern: `${REGISTRY}/:group`, handler: channelGroupHandler },
  { pattern: `${REGISTRY}/:group/remove`, handler: deleteChannelGroupHandler },
  { pattern: '/v1/auth/grant/sub-key|sub_key/:sub', handler: grantHandler },
  { pattern: '/v2/auth/grant/sub-key|sub_key/:sub', handler: grantHandler },
  { pattern: '/v1/auth/audit/sub-key|sub_key/:sub', handler: auditHandler },
  { pattern: '/v2/auth/audit/sub-key|sub_key/:sub', handler: auditHandler },
  { pattern: '/v3/pam/:sub/grant', handler: grantTokenHandler, body: true },
  { pattern: '/v3/pam/:sub/grant/:token', handler: revokeTokenHandler },
  // App Context (objects v2, docs/protocol.md §14): users, channels, memberships and members.
  { pattern: `${OBJECTS}/uuids`, handler: byMethod({ GET: UUIDS.all }) },
  { pattern: `${OBJECTS}/uuids/:uuid`, handler: byMethod(UUIDS.one), body: OBJECTS_BODY },
  { pattern: `${OBJECTS}/uuids/:uuid/channels`, handler: byMethod(membershipHandlers), body: OBJECTS_BODY },
  { pattern: `${OBJECTS}/channels`, handler: byMethod({ GET: CHANNELS.all }) },
  { pattern: `${OBJECTS}/channels/:channel`, handler: byMethod(CHANNELS.one), body: OBJECTS_BODY },
  { pattern: `${OBJECTS}/channels/:channel/uuids`, handler: byMethod(memberHandlers), body: OBJECTS_BODY },
  // Files (docs/protocol.md §15): the PubNub endpoints, then the storage endpoint their URLs point at.
  { pattern: `${FILES}/generate-upload-url`, handler: generateUploadUrlHandler, body: UPLOAD_URL_BODY },
  { pattern: '/v1/files/publish-file/:pub/:sub/:sig/:ch/:callback/:msg', handler: publishFileHandler },
  { pattern: `${FILES}/files`, handler: listFilesHandler },
  { pattern: `${FILES}/files/:id/:name`, handler: byMethod({ GET: downloadFileHandler, DELETE: deleteFileHandler }) },
  { pattern: '/file-storage', handler: storageUploadHandler, stream: true },
  { pattern: '/file-storage/:sub/:ch/:id/:name', handler: storageDownloadHandler },
];
