/**
 * Posting to the other operators' services (`config.peers`): each peer is tried on its own, with exponential
 * backoff on network errors and on the statuses the caller marks as "try again later" (a peer that has not built
 * the report yet answers 404). Failures are logged, never thrown: a peer that is down must not stop this one.
 */

/** Where peer exchanges log (pino's `warn`/`info` fit). */
export interface PeerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** Options of {@link postToPeers}. */
export interface PostToPeersOptions {
  /** Attempts per peer (default 5). */
  attempts?: number;
  /** Delay before the second attempt, doubled for each further one (default 500 ms, capped at 30 s). */
  baseDelayMs?: number;
  /** HTTP statuses worth retrying besides 429 and 5xx (e.g. 404 "not built yet"). */
  retryStatuses?: readonly number[];
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  logger?: PeerLogger;
}

/** How one peer answered. */
export interface PeerOutcome {
  peer: string;
  ok: boolean;
  /** Last HTTP status, when the peer answered at all. */
  status?: number;
  attempts: number;
  /** Last problem, for logs and the CLI. */
  error?: string;
}

/** A logger that drops everything. */
export const SILENT_LOGGER: PeerLogger = { info: () => undefined, warn: () => undefined };

/**
 * POSTs `body` as JSON to `path` on every peer, in parallel.
 *
 * @returns One outcome per peer (2xx = ok).
 */
export async function postToPeers(
  peers: readonly string[],
  path: string,
  body: unknown,
  options: PostToPeersOptions = {},
): Promise<PeerOutcome[]> {
  return Promise.all(peers.map((peer) => postToPeer(peer, path, body, options)));
}

async function postToPeer(
  peer: string,
  path: string,
  body: unknown,
  options: PostToPeersOptions,
): Promise<PeerOutcome> {
  const attempts = options.attempts ?? 5;
  const logger = options.logger ?? SILENT_LOGGER;
  const url = `${peer}${path}`;
  let outcome: PeerOutcome = { peer, ok: false, attempts: 0 };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(Math.min(30_000, (options.baseDelayMs ?? 500) * 2 ** (attempt - 2)));
    let retry: boolean;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      const text = await response.text();
      outcome = { peer, ok: response.ok, status: response.status, attempts: attempt };
      if (response.ok) return outcome;
      outcome.error = messageOf(text) ?? `HTTP ${response.status}`;
      retry =
        response.status === 429 || response.status >= 500 || (options.retryStatuses ?? []).includes(response.status);
    } catch (error) {
      outcome = { peer, ok: false, attempts: attempt, error: (error as Error).message };
      retry = true;
    }
    logger.warn({ peer: url, attempt, status: outcome.status, error: outcome.error }, "peer refused or unreachable");
    if (!retry) break;
  }
  return outcome;
}

/**
 * GETs JSON from `path` on `peer`.
 *
 * @returns The parsed body, or undefined when the peer is unreachable or answers non-2xx (logged).
 */
export async function getFromPeer(
  peer: string,
  path: string,
  options: Pick<PostToPeersOptions, "timeoutMs" | "logger"> = {},
): Promise<unknown> {
  try {
    const response = await fetch(`${peer}${path}`, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    if (response.ok) return (await response.json()) as unknown;
    (options.logger ?? SILENT_LOGGER).warn({ peer, path, status: response.status }, "peer answered non-2xx");
  } catch (error) {
    (options.logger ?? SILENT_LOGGER).warn({ peer, path, error: (error as Error).message }, "peer unreachable");
  }
  return undefined;
}

function messageOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    return typeof parsed.message === "string" ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
