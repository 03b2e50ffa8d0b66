/**
 * @pubkit/core: the I/O-free PubNub protocol engine (docs/architecture.md §3–§4). Every function here is synchronous
 * and pure; clock, randomness, crypto primitives and logging come in through `Env`.
 *
 * This entry is the public API: what an adapter author or a user needs (requests and parsers, signing, the cipher,
 * the errors, the machines and their public types), each name listed. Everything else in `core/src` is an
 * implementation detail, reachable only through `@pubkit/core/internal` for core's own tests; packages outside
 * core import this entry alone (docs/architecture.md §3, checked by `test/architecture/public-entry.test.ts`).
 * A new feature's `build<Op>`/`parse<Op>` pair and its params and result types are added here by name.
 */

// Access Manager (docs/protocol.md §4): grant, revoke, audit, and the normalised payload they resolve to.
export { type AuditParams, buildAudit, parseAudit } from './access/audit.js';
export { buildGrant, type GrantParams, MAX_GRANT_TTL, parseGrant } from './access/grant.js';
export type { AccessLevel, AccessPayload, AccessPermissions, AccessResource, AccessResult } from './access/payload.js';
export { buildRevoke, type RevokeParams } from './access/revoke.js';

// Access Manager v3 tokens (docs/decisions.md "Access Manager v3 tokens"): format, parse, grant, revoke, checks.
export {
  buildGrantToken,
  buildRevokeToken,
  parseGrantToken,
  parseRevokeToken,
  type RevokeTokenResult,
} from './access/token/grant-token.js';
export { type ParsedToken, type ParsedTokenPermissions, parseToken } from './access/token/parse-token.js';
export {
  KNOWN_PERMISSION_BITS,
  permissionBits,
  permissionsOf,
  TOKEN_PERMISSION_BITS,
  TOKEN_PERMISSIONS,
  TOKEN_RESOURCE_TYPES,
  type TokenPermission,
  type TokenPermissionRequest,
  type TokenPermissions,
  type TokenResourceType,
} from './access/token/permissions.js';
export {
  type DecodedToken,
  decodeToken,
  encodeToken,
  encodeTokenBody,
  MAX_TOKEN_LENGTH,
  type PermissionMaps,
  type TokenBody,
} from './access/token/token-codec.js';
export {
  type GrantTokenParams,
  MAX_TOKEN_TTL,
  readGrantTokenBody,
  type TokenMeta,
  type TokenPermissionRequests,
  tokenContentOf,
} from './access/token/token-grant.js';
export { type TokenRules, tokenAllows, tokenRules } from './access/token/token-rules.js';
export {
  issueToken,
  type TokenContent,
  type TokenKeys,
  type TokenVerdict,
  verifyToken,
} from './access/token/token-signature.js';

// Byte codecs a host may reuse.
export { base64Encode, hexEncode, utf8Encode } from './bytes.js';
// Channel groups (docs/protocol.md §2.11): the registry's requests and parsers.
export {
  buildAddChannelsToGroup,
  buildDeleteGroup,
  buildListChannelsInGroup,
  buildListGroups,
  buildRemoveChannelsFromGroup,
  type ChannelGroupChange,
  type GroupChannelsParams,
  type GroupParams,
  type ListChannelsResult,
  type ListGroupsResult,
  MAX_CHANNELS_PER_GROUP_CALL,
  parseChannelGroupChange,
  parseListChannelsInGroup,
  parseListGroups,
} from './channel-groups/registry.js';
// Message cipher (docs/protocol.md §7): `createCipher` for a client's `cipherKey`, and the payload codec around it.
export { type CipherOptions, createCipher } from './cipher/create-cipher.js';
export { type DecodedMessage, decodeMessage, encodeMessage } from './cipher/payload.js';
// Client options, validated once into a frozen config, and the request context built from it (docs/architecture.md §5).
export {
  type ConfigEnv,
  createConfig,
  PUBKIT_PNSDK,
  type PubnubConfig,
  type PubnubOptions,
  type RetryConfig,
  type RetryOptions,
  toRequestContext,
} from './config.js';
// What every `build*` function takes besides its own parameters.
export type { MessageCipher, RequestContext } from './context.js';
// Wire encodings the server shares with the client (docs/protocol.md §8.7).
export { decodePathSegment, encodeComponent, encodeQuery, parseQuery, splitNameList } from './encoding.js';
// What the core needs from its host, injected (docs/architecture.md §3).
export {
  type Clock,
  type Codecs,
  type CryptoPrimitives,
  type Env,
  type Logger,
  type Random,
  silentLogger,
} from './env.js';
// Errors: one hierarchy of classes with a `code` (docs/architecture.md §4).
export {
  PubnubAbortError,
  PubnubAccessDeniedError,
  PubnubCallbackError,
  PubnubCryptoError,
  PubnubError,
  type PubnubErrorCode,
  PubnubFilePublishError,
  PubnubMalformedResponseError,
  PubnubNetworkError,
  PubnubPreconditionFailedError,
  PubnubResponseTooLargeError,
  PubnubServiceError,
  PubnubStateError,
  PubnubTimeoutError,
  PubnubTokenError,
  PubnubTransportError,
  PubnubValidationError,
  type TokenProblem,
  type UpstreamResponse,
} from './errors.js';
// Events as client-wide listeners receive them (issue 12, docs/protocol.md §2.12): one reader per event type and
// `readListenerEvent`, the one place an envelope becomes an event.
export {
  type FileEvent,
  type FileEventFile,
  type FileEventReading,
  readFileEvent,
} from './events/file-event.js';
export { type ListenerEvent, readListenerEvent } from './events/listener-event.js';
export { type MessageEvent, readMessageEvent, type SignalEvent } from './events/message-event.js';
export {
  type ObjectsEvent,
  type ObjectsEventEntity,
  type ObjectsEventMembership,
  type ObjectsEventMessage,
  readObjectsEvent,
} from './events/objects-event.js';
export { type PresenceListenerEvent, readPresenceEvent } from './events/presence-event.js';
// Files (docs/protocol.md §15): generate-upload-url, the upload form, the file message, list, download, delete
// and the encrypted-file layouts (the host streams the AES itself).
export {
  encryptedFileSize,
  type FileCipherFormat,
  type FileCipherPrefix,
  fileCipherKey,
  fileCipherPrefix,
  readFileCipherPrefix,
} from './files/file-cipher-format.js';
export { type FileRef, MAX_FILE_NAME_BYTES, validateFileName } from './files/file-names.js';
export {
  buildDeleteFile,
  buildDownloadFile,
  type DeleteFileResult,
  parseDeleteFile,
  readDownloadLocation,
} from './files/file-resource.js';
export {
  buildGenerateUploadUrl,
  type GenerateUploadUrlParams,
  type GenerateUploadUrlResult,
  parseGenerateUploadUrl,
  type UploadFormField,
} from './files/generate-upload-url.js';
export {
  buildListFiles,
  type ListedFile,
  type ListFilesParams,
  type ListFilesResult,
  MAX_LIST_FILES_LIMIT,
  parseListFiles,
} from './files/list-files.js';
export {
  buildPublishFile,
  fileMessagePayload,
  type PublishFileParams,
  type PublishFileResult,
  parsePublishFile,
} from './files/publish-file.js';
export {
  frameUploadForm,
  parseUploadFile,
  storageFailure,
  type UploadForm,
  type UploadFormParams,
  uploadFormLength,
} from './files/upload-form.js';
// Filter expressions (`filterExpression`): tokenizer, parser and the compiled matcher the client and server share.
export { type CompiledFilter, compileFilter, type FilterSubject } from './filter/compile-filter.js';
export { PubnubFilterSyntaxError } from './filter/filter-error.js';
export { type FilterToken, tokenizeFilter } from './filter/filter-tokens.js';
// App Context (objects) filter language: the same grammar with the objects' fields (docs/protocol.md §14.4).
export {
  CHANNEL_FILTER_FIELDS,
  MEMBERSHIP_FILTER_FIELDS,
  type ObjectsFilterTarget,
  parseObjectsFilter,
  UUID_FILTER_FIELDS,
} from './filter/objects-filter.js';
export {
  type FilterDialect,
  type FilterNode,
  type FilterOperand,
  type FilterOperator,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  parseFilter,
} from './filter/parse-filter.js';
// JSON text of a message, with pubkit's validation.
export { toJson } from './json.js';
export {
  buildGetChannelMembers,
  buildManageChannelMembers,
  buildRemoveChannelMembers,
  buildSetChannelMembers,
  type ChannelMembersQuery,
  type ChannelMembersResponse,
  type GetChannelMembersParams,
  type ManageChannelMembersParams,
  parseGetChannelMembers,
  parseManageChannelMembers,
  parseRemoveChannelMembers,
  parseSetChannelMembers,
  type RemoveChannelMembersParams,
  type SetChannelMembersParams,
} from './objects/channel-members.js';
// App Context (docs/protocol.md §14): users, channels, memberships and members as build/parse pairs, their options,
// the objects they answer with.
export {
  type AllChannelMetadataResponse,
  buildGetAllChannelMetadata,
  buildGetChannelMetadata,
  buildRemoveChannelMetadata,
  buildSetChannelMetadata,
  type ChannelMetadataFields,
  type ChannelMetadataResponse,
  type GetAllChannelMetadataParams,
  type GetChannelMetadataParams,
  parseGetAllChannelMetadata,
  parseGetChannelMetadata,
  parseRemoveChannelMetadata,
  parseSetChannelMetadata,
  type RemoveChannelMetadataParams,
  type SetChannelMetadataParams,
} from './objects/channel-metadata.js';
export { MAX_CUSTOM_KEYS, type ObjectCustom, type ObjectCustomValue, validateCustom } from './objects/custom-data.js';
export type {
  MembershipsInclude,
  MembersInclude,
  MetadataInclude,
  MetadataListInclude,
} from './objects/include.js';
export {
  MAX_OBJECTS_LIMIT,
  type MembershipsSortKey,
  type MembersSortKey,
  type MetadataSortKey,
  type ObjectsListParams,
  type ObjectsPage,
  type SortDirection,
} from './objects/list-query.js';
export {
  buildGetMemberships,
  buildManageMemberships,
  buildRemoveMemberships,
  buildSetMemberships,
  type GetMembershipsParams,
  type ManageMembershipsParams,
  type MembershipsQuery,
  type MembershipsResponse,
  parseGetMemberships,
  parseManageMemberships,
  parseRemoveMemberships,
  parseSetMemberships,
  type RemoveMembershipsParams,
  type SetMembershipsParams,
} from './objects/memberships.js';
export { METADATA_FIELD_LIMITS, type MetadataKind } from './objects/metadata-request.js';
export {
  type ChannelMemberObject,
  type ChannelMetadataObject,
  type MembershipObject,
  type Nested,
  readChannelMember,
  readChannelMetadata,
  readMembership,
  readUUIDMetadata,
  type UUIDMetadataObject,
} from './objects/object-shapes.js';
export type { ObjectResponse, PagedObjectsResponse, RemovedObjectResponse } from './objects/objects-response.js';
export { MAX_RELATION_CHANGES, MAX_RELATION_TEXT, type RelationInput } from './objects/relation-request.js';
export {
  type AllUUIDMetadataResponse,
  buildGetAllUUIDMetadata,
  buildGetUUIDMetadata,
  buildRemoveUUIDMetadata,
  buildSetUUIDMetadata,
  type GetAllUUIDMetadataParams,
  type GetUUIDMetadataParams,
  parseGetAllUUIDMetadata,
  parseGetUUIDMetadata,
  parseRemoveUUIDMetadata,
  parseSetUUIDMetadata,
  type RemoveUUIDMetadataParams,
  type SetUUIDMetadataParams,
  type UUIDMetadataFields,
  type UUIDMetadataResponse,
} from './objects/uuid-metadata.js';
// Messaging operations, `build<Op>(params, ctx) -> PnRequest` / `parse<Op>(res) -> Result` pairs (docs/protocol.md §2.1–§2.5).
export {
  buildHistory,
  type HistoryEntry,
  type HistoryParams,
  type HistoryResult,
  MAX_HISTORY_COUNT,
  parseHistory,
  type SeedHistory,
  toSeedHistory,
} from './operations/history.js';
export {
  buildFire,
  buildPublish,
  buildSignal,
  type FireParams,
  type PublishOptionsParams,
  type PublishParams,
  type PublishResult,
  parsePublish,
  parseSignal,
  publishOptionsQuery,
  type SignalParams,
} from './operations/publish.js';
export {
  buildSubscribe,
  parseSubscribe,
  type SubscribeCursor,
  type SubscribeEnvelope,
  type SubscribeEventType,
  type SubscribeParams,
  type SubscribeResult,
} from './operations/subscribe.js';
export { parseSubscribeV1 } from './operations/subscribe-v1.js';
export { buildTime, parseTime } from './operations/time.js';
// Channel-group names in a subscribe, heartbeat or leave: one comma list or an array, checked by the registry's rule.
export { validateGroupList } from './presence/common.js';
// Presence operations (docs/protocol.md §2.6–§2.10) and presence channel names (§3).
export { buildHeartbeat, type HeartbeatParams, MAX_PRESENCE_TIMEOUT, parseHeartbeat } from './presence/heartbeat.js';
export {
  buildHereNow,
  type HereNowChannel,
  type HereNowOccupant,
  type HereNowParams,
  type HereNowResult,
  parseHereNow,
} from './presence/here-now.js';
export { buildLeave, type LeaveParams, parseLeave } from './presence/leave.js';
export { channelOfPresence, isPresenceChannel, PRESENCE_SUFFIX, presenceChannel } from './presence/names.js';
export {
  buildGetState,
  buildSetState,
  type GetStateParams,
  parseGetState,
  parseSetState,
  type SetStateParams,
  type StateRequestNames,
  type StateResult,
} from './presence/state.js';
export { buildWhereNow, parseWhereNow, type WhereNowParams, type WhereNowResult } from './presence/where-now.js';
// Requests and responses as plain data (docs/architecture.md §4).
export type { Operation, PnRequest, PnResponse } from './request.js';
// Response size limits (issue 9: a bounded answer per operation) and the `Retry-After` reading the retry paths share.
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  MAX_RESPONSE_BYTES,
  type ResponseLimits,
  resolveResponseLimits,
} from './response-limits.js';
export { MAX_RETRY_AFTER_MS, retryAfterMs } from './retry-after.js';
// Request signatures (docs/protocol.md §6): `sign` for clients, `verifySignature` for servers, the strings to sign.
export { type SigningKeys, sign } from './signing/sign-request.js';
export { signatureV1, signatureV2 } from './signing/signature.js';
export {
  type StringToSignV1Input,
  type StringToSignV2Input,
  stringToSignV1,
  stringToSignV2,
} from './signing/string-to-sign.js';
export {
  SIGNATURE_WINDOW_SEC,
  type SignatureRejection,
  type SignatureVerdict,
  type VerifySignatureInput,
  verifySignature,
} from './signing/verify-signature.js';
// Storage v3 (docs/architecture.md §10): fetchMessages, deleteMessages, messageCounts, message actions and their events.
export { type MessageActionEvent, readActionEvent } from './storage/action-event.js';
export { buildDeleteMessages, type DeleteMessagesParams, parseDeleteMessages } from './storage/delete-messages.js';
export {
  buildFetchMessages,
  type FetchedMessage,
  type FetchMessagesParams,
  type FetchMessagesResult,
  type FetchMore,
  MAX_FETCH_CHANNELS,
  MAX_FETCH_MANY,
  MAX_FETCH_ONE,
  parseFetchMessages,
} from './storage/fetch-messages.js';
export {
  type HistorySpan,
  type SpanCursor,
  type SpanRequest,
  spanRequest,
  spanStart,
  spanStep,
} from './storage/history-span.js';
export {
  type MessageAction,
  type MessageActionsOf,
  readAction,
  readActionsOf,
} from './storage/message-action-shapes.js';
export {
  type AddMessageActionParams,
  buildAddMessageAction,
  buildGetMessageActions,
  buildRemoveMessageAction,
  type GetMessageActionsParams,
  type GetMessageActionsResult,
  MAX_ACTION_TYPE,
  MAX_ACTION_VALUE,
  MAX_ACTIONS_LIMIT,
  parseAddMessageAction,
  parseGetMessageActions,
  parseRemoveMessageAction,
  type RemoveMessageActionParams,
} from './storage/message-actions.js';
export {
  buildMessageCounts,
  MAX_COUNT_CHANNELS,
  type MessageCountsParams,
  type MessageCountsResult,
  parseMessageCounts,
} from './storage/message-counts.js';
export { type BackoffPolicy, DEFAULT_RETRY, type RetryPolicy } from './subscribe/backoff.js';
// The subscribe machine and its driver `SubscribeLoop`, the heartbeat machine and `HeartbeatLoop` (docs/architecture.md §4): the pure step functions, their states, events, commands and statuses.
export type {
  AbortCommand,
  CancelTimerCommand,
  EmitMessagesCommand,
  EmitStatusCommand,
  PollCommand,
  StartTimerCommand,
  SubscribeCommand,
  SubscribeStatus,
  SubscriptionSet,
} from './subscribe/commands.js';
export type { DedupeWindow, MessageIdentity } from './subscribe/dedupe-window.js';
export type {
  DisconnectRequested,
  PollCursor,
  PollOutcome,
  ReconnectRequested,
  RequestFailed,
  ResponseArrived,
  SubsChanged,
  SubscribeEvent,
  TimerFired,
} from './subscribe/events.js';
export { HeartbeatLoop, type HeartbeatLoopOptions } from './subscribe/heartbeat-loop.js';
export {
  type HeartbeatCommand,
  type HeartbeatEvent,
  type HeartbeatSession,
  type HeartbeatState,
  type HeartbeatStateKind,
  type HeartbeatStatus,
  type HeartbeatStep,
  type HeartbeatStepContext,
  initialHeartbeatState,
  stepHeartbeat,
} from './subscribe/heartbeat-machine.js';
export { SubscribeLoop } from './subscribe/loop.js';
export type { LoopSeams, SubscribeListener, SubscribeLoopOptions } from './subscribe/loop-options.js';
export { stepSubscribe } from './subscribe/machine.js';
export {
  DEFAULT_SUBSCRIBE_OPTIONS,
  type SubscribeMachineOptions,
  type SubscribeStep,
  type SubscribeStepContext,
} from './subscribe/machine-options.js';
export {
  type HandshakingState,
  type IdleState,
  type InFlightFields,
  initialSubscribeState,
  type ReceivingState,
  type SessionFields,
  type SessionState,
  type StateAlways,
  type StoppedState,
  type SubscribeState,
  type SubscribeStateKind,
  type WaitingState,
} from './subscribe/state.js';
// Timetokens: 17-digit decimal strings, never JS numbers (docs/protocol.md §8.2).
export { compareTimetokens, isTimetoken, type Timetoken, timetokenFromMs, timetokenToMs } from './timetoken.js';
// The two seams the loops drive: `Transport` and `Scheduler`.
export type { InFlight, Scheduler, TimerHandle, Transport } from './transport.js';
// Validation of names and messages, and the protocol's limits (docs/protocol.md §5, §8.5).
export {
  channelNameLength,
  MAX_MESSAGE_BYTES,
  MAX_NAME_LENGTH,
  utf8Length,
  validateChannel,
  validateChannelList,
  validateUuid,
} from './validation.js';
// Wildcard channel patterns (`a.*`, docs/protocol.md §8.5): their rules, shared by the client and the server.
export {
  isWildcardName,
  MAX_WILDCARD_DOTS,
  wildcardPatternsOf,
  wildcardPrefix,
  wildcardProblem,
} from './wildcard.js';
