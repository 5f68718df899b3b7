/**
 * The operator stream (`GET /v1/operator/stream`, Server-Sent Events): one shared loop per app, running while at
 * least one dashboard is connected, pushes the overview (overview.ts) to every client
 *
 * - at once when a client connects,
 * - every `streamIntervalMs` (chain-side values such as the head and due dates change without a database write),
 * - within `streamProbeMs` of a change of the database marker (an audit entry, an outbox or report change, the
 *   keeper's cursor moving),
 *
 * and a heartbeat comment every `streamHeartbeatMs` so proxies keep the connection open. Events are
 * `id: <n>`, `event: overview`, `data: <overview JSON>`; a failed reading sends `event: error` with a message, and
 * shutdown sends `event: shutdown` and ends every response, so `app.close()` never waits on an open stream.
 */
import type { ServerResponse } from "node:http";

import type { ServiceContext } from "../api/context.ts";
import { buildOverview, overviewChangeMarker } from "./overview.ts";

/** Timing of the stream (from MonitoringConfig). */
export interface StreamTiming {
  intervalMs: number;
  probeMs: number;
  heartbeatMs: number;
}

/** The shared stream of one app. */
export interface OverviewStream {
  /** Adds a client whose response headers were not sent yet; it gets the current overview at once. */
  connect(response: ServerResponse): Promise<void>;
  /** Sends `shutdown` to every client, ends their responses and stops the loop. New clients are refused. */
  close(): void;
  /** Clients connected now. */
  readonly clients: number;
}

/** Server-Sent Events text of one event. */
export function sseEvent(event: string, data: unknown, id?: number): string {
  const lines = JSON.stringify(data)
    .split("\n")
    .map((line) => `data: ${line}`)
    .join("\n");
  return `${id === undefined ? "" : `id: ${id}\n`}event: ${event}\n${lines}\n\n`;
}

/**
 * Creates the stream hub of an app.
 *
 * @param log - Where failed readings are reported (besides the `error` event).
 */
export function createOverviewStream(
  context: ServiceContext,
  timing: StreamTiming,
  log: (error: unknown) => void = () => undefined,
): OverviewStream {
  const clients = new Set<ServerResponse>();
  let timers: NodeJS.Timeout[] = [];
  let closed = false;
  let nextId = 1;
  let marker: string | undefined;
  let busy = false;

  const send = (targets: Iterable<ServerResponse>, text: string) => {
    for (const response of targets) if (!response.writableEnded) response.write(text);
  };

  const snapshot = async (): Promise<string> => {
    try {
      return sseEvent("overview", await buildOverview(context), nextId++);
    } catch (error) {
      log(error);
      return sseEvent("error", { message: error instanceof Error ? error.message : String(error) }, nextId++);
    }
  };

  const push = async (force: boolean) => {
    if (busy || clients.size === 0) return;
    busy = true;
    try {
      const current = await overviewChangeMarker(context.db).catch(() => undefined);
      if (!force && current !== undefined && current === marker) return;
      marker = current;
      send(clients, await snapshot());
    } finally {
      busy = false;
    }
  };

  const start = () => {
    const every = (ms: number, run: () => void) => {
      const timer = setInterval(run, ms);
      timer.unref();
      timers.push(timer);
    };
    every(timing.intervalMs, () => void push(true));
    every(timing.probeMs, () => void push(false));
    every(timing.heartbeatMs, () => send(clients, `: heartbeat ${new Date().toISOString()}\n\n`));
  };

  const stop = () => {
    for (const timer of timers) clearInterval(timer);
    timers = [];
    marker = undefined;
  };

  return {
    get clients() {
      return clients.size;
    },
    async connect(response) {
      response.writeHead(closed ? 503 : 200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        // The stream is the response: once it ends, the connection closes too (no idle keep-alive socket).
        connection: "close",
        "x-accel-buffering": "no",
        // Like every GET of the API, readable from any origin (the dApp's dashboard sends the key in a header).
        "access-control-allow-origin": "*",
      });
      if (closed) {
        response.end(sseEvent("shutdown", { reason: "the service is stopping" }));
        return;
      }
      response.write("retry: 3000\n\n");
      const first = await snapshot();
      if (closed || response.writableEnded || response.destroyed) return;
      response.write(first);
      clients.add(response);
      response.once("close", () => {
        clients.delete(response);
        if (clients.size === 0) stop();
      });
      if (timers.length === 0) {
        start();
        marker = await overviewChangeMarker(context.db).catch(() => undefined);
      }
    },
    close() {
      closed = true;
      stop();
      for (const response of clients) {
        if (!response.writableEnded) response.end(sseEvent("shutdown", { reason: "the service is stopping" }));
      }
      clients.clear();
    },
  };
}
