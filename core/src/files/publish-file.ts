/**
 * The file message (docs/protocol.md §15): step three of sending a file, and the call to repeat alone when the
 * upload worked but the message failed (`publishFile`).
 *
 *   GET /v1/files/publish-file/{pub}/{sub}/0/{channel}/0/{percent-encoded payload}
 *       ?[store][&ttl][&meta][&custom_message_type]&uuid&pnsdk[&auth]
 *   payload = {"message": <message>, "file": {"name": "<name>", "id": "<id>"}}   (encrypted whole with a cipher)
 *   200 [1, "Sent", "<timetoken>"]
 *
 * The payload is encoded like a publish (`encodeMessage`: JSON, the client's message cipher, the 32 KiB limit), so
 * a subscriber decrypts it like any message; the options are a publish's (`publishOptionsQuery`).
 */
import { encodeMessage } from '../cipher/payload.js';
import type { RequestContext } from '../context.js';
import { encodeComponent } from '../encoding.js';
import { commonQuery, readTimetoken, requireKey } from '../operations/common.js';
import { type PublishOptionsParams, publishOptionsQuery } from '../operations/publish.js';
import type { PnRequest, PnResponse } from '../request.js';
import { malformed, readJson } from '../response.js';
import type { Timetoken } from '../timetoken.js';
import { validateChannel } from '../validation.js';
import { validateFileId, validateFileName } from './file-names.js';

/** Arguments of `buildPublishFile`: the file, the message that goes with it, and a publish's options. */
export interface PublishFileParams
  extends Pick<PublishOptionsParams, 'storeInHistory' | 'ttl' | 'meta' | 'customMessageType'> {
  readonly channel: string;
  /** The file id `generate-upload-url` returned. */
  readonly fileId: string;
  /** The file name `generate-upload-url` returned. */
  readonly fileName: string;
  /** Any JSON value to send with the file; left out of the payload when undefined. */
  readonly message?: unknown;
}

/** What a file message resolves to. */
export interface PublishFileResult {
  readonly timetoken: Timetoken;
}

/**
 * The JSON value a file message carries, before encryption: `{ message?, file: { name, id } }`.
 * @throws PubnubValidationError for a bad id or name
 */
export function fileMessagePayload(params: Pick<PublishFileParams, 'fileId' | 'fileName' | 'message'>): unknown {
  const file = {
    name: validateFileName(params.fileName, 'publishFile', 'fileName'),
    id: validateFileId(params.fileId, 'publishFile', 'fileId'),
  };
  return params.message === undefined ? { file } : { message: params.message, file };
}

/**
 * Builds the file message request.
 * @throws PubnubValidationError for a bad channel, id or name, a message JSON cannot carry, a payload over 32 KiB
 *   as sent, bad publish options, or missing keys
 */
export function buildPublishFile(params: PublishFileParams, ctx: RequestContext): PnRequest {
  const channel = validateChannel(params.channel);
  const wire = encodeMessage(fileMessagePayload(params), ctx.cipher);
  const pub = encodeComponent(requireKey(ctx, 'publishKey', 'publishFile'));
  const sub = encodeComponent(requireKey(ctx, 'subscribeKey', 'publishFile'));
  return {
    operation: 'publishFile',
    method: 'GET',
    path: `/v1/files/publish-file/${pub}/${sub}/0/${encodeComponent(channel)}/0/${encodeComponent(wire)}`,
    query: { ...publishOptionsQuery(params, 'publishFile'), ...commonQuery(ctx) },
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Reads `[1, "Sent", "<timetoken>"]`.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response
 * @throws PubnubMalformedResponseError for another shape
 */
export function parsePublishFile(res: PnResponse): PublishFileResult {
  const json = readJson(res, 'publishFile');
  if (Array.isArray(json) && json[0] === 1) {
    const timetoken = readTimetoken(json[2]);
    if (timetoken !== undefined) return { timetoken };
  }
  return malformed(res, 'publishFile', 'a body of the form [1, "Sent", "<timetoken>"]');
}
