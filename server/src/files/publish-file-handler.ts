/**
 * `GET /v1/files/publish-file/{pub}/{sub}/0/{ch}/0/{message}?store&ttl&meta&uuid&custom_message_type`
 * (docs/protocol.md §15.4): the file message, published like any message (same checks, same `[1,"Sent","tt"]`)
 * but with envelope type `e: 4` and stored in history with message type 4. The message is
 * `{"message":…,"file":{"id","name"}}`, or its encryption when the sender has a cipher key; the server does not
 * look inside it, so it does not require the file to exist.
 */
import type { Handler } from '../exchange.js';
import { handlePublish } from '../publish-handler.js';

/** Answers publish-file. */
export const publishFileHandler: Handler = function publishFile(ex, services) {
  return handlePublish(ex, services, 'file');
};
