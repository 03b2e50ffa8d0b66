/**
 * Subscribe response bodies (docs/protocol.md §2.3, §2.4), built from the deliveries the registry collected. The
 * v2 envelopes were built once at publish (`message-queue.ts`); a body is their concatenation.
 */
import { envelopeFor } from './message-queue.js';
import type { Delivery } from './subscribe-registry.js';

/** The v2 response body (docs/protocol.md §2.4); each envelope's `b` names the subscription that matched. */
export function v2Body(deliveries: readonly Delivery[], cursor: string): string {
  let body = `{"t":{"t":"${cursor}","r":1},"m":[`;
  for (let i = 0; i < deliveries.length; i++) {
    const d = deliveries[i]!;
    body += (i === 0 ? '' : ',') + envelopeFor(d.message, d.match);
  }
  return `${body}]}`;
}

/**
 * The v1 response body (docs/protocol.md §2.3): element 2 the subscriptions that matched, element 3 the real
 * channels when the request used groups or wildcards (`routed`).
 */
export function v1Body(deliveries: readonly Delivery[], cursor: string, routed: boolean): string {
  if (deliveries.length === 0) return `[[],"${cursor}"]`;
  const matches = JSON.stringify(deliveries.map((d) => d.match).join(','));
  const channels = JSON.stringify(deliveries.map((d) => d.message.channel).join(','));
  const payloads = deliveries.map((d) => d.message.payload).join(',');
  return `[[${payloads}],"${cursor}",${routed ? `${matches},${channels}` : channels}]`;
}
