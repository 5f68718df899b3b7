/**
 * A Server-Sent Events reader over `fetch` (the browser's `EventSource` cannot send the operator's API key header):
 * parses the `text/event-stream` format — `event:`, `data:` (several lines joined by `\n`), `id:`, comments — and
 * hands each complete event to the caller.
 */

/** One event of the stream. */
export interface ServerEvent {
  event: string;
  data: string;
  id?: string;
}

/** Incremental parser: feed it text chunks as they arrive; it returns the events they complete. */
export function createSseParser(): (chunk: string) => ServerEvent[] {
  let buffer = "";
  let event = "message";
  let data: string[] = [];
  let id: string | undefined;
  return (chunk) => {
    buffer += chunk.replace(/\r\n?/g, "\n");
    const events: ServerEvent[] = [];
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line === "") {
        if (data.length > 0) events.push({ event, data: data.join("\n"), ...(id === undefined ? {} : { id }) });
        event = "message";
        data = [];
      } else if (!line.startsWith(":")) {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
        else if (field === "id") id = value;
      }
      newline = buffer.indexOf("\n");
    }
    return events;
  };
}

/**
 * Reads the stream at `url` until `signal` aborts or the server ends it.
 *
 * @throws When the answer is not 2xx (the message holds the status and body).
 */
export async function readEventStream(
  url: string,
  headers: Record<string, string>,
  onEvent: (event: ServerEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal });
  if (!response.ok || response.body === null) throw new Error(`${response.status} ${await response.text()}`);
  const parse = createSseParser();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    for (const event of parse(value)) onEvent(event);
  }
}
