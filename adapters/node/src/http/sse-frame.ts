/**
 * Server-Sent Events framing (WHATWG HTML §9.2). `data` is JSON, which never holds a raw line break, but every
 * field is split on line breaks anyway so no value can ever inject a field or end the event early.
 */

/**
 * One SSE event: `event:` names it, `id:` becomes the browser's `Last-Event-ID` on reconnect. Without `id` no id
 * line is written at all, because an empty `id:` would reset the browser's `Last-Event-ID` and lose the resume point.
 */
export function sseEvent(event: string, id: string | undefined, data: unknown): string {
  const idLine = id === undefined ? '' : `id: ${oneLine(id)}\n`;
  const lines = JSON.stringify(data).split(/\r\n|\r|\n/);
  return `event: ${oneLine(event)}\n${idLine}${lines.map((l) => `data: ${l}`).join('\n')}\n\n`;
}

/** A comment frame: ignored by `EventSource`, but it keeps proxies from closing an idle stream. */
export function sseComment(text: string): string {
  return `: ${oneLine(text)}\n\n`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\0]/g, ' ');
}
