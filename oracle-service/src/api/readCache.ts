/**
 * A micro-cache for public read routes: a `GET` answer (200 only) is kept for `ttlMs` (default 1 s) and served
 * again for the same URL until then, so a burst of holders checking the same report costs one database query per
 * second instead of one per request. Any successful write through this API (POST, PUT, PATCH, DELETE) empties it,
 * so a client that writes and then reads sees its own write. State changed by the background workers (a report
 * becoming submitted or settled) can appear up to `ttlMs` late. Routes opt in with `config: { readCache: true }`;
 * `x-cache: hit|miss` says which happened.
 *
 * Single flight: while the answer for a URL is being computed, further requests for that URL wait for it instead of
 * running the same query again. Without it, every time an entry expired, the requests already queued for that URL
 * all missed and ran the query one after another on PGlite's single thread — measured at 1,000 req/s, the
 * slowest 1–2 % of requests were these, 15–60 ms late.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Serve this GET route's 200 answers from the read cache (see readCache.ts). */
    readCache?: boolean;
  }
}

/** Options of {@link registerReadCache}. */
export interface ReadCacheOptions {
  /** How long an answer is reused, in ms; 0 turns the cache off. */
  ttlMs: number;
  /** Most URLs kept (the oldest go first). */
  maxEntries?: number;
}

interface Entry {
  expires: number;
  contentType: string;
  payload: string;
}

const cacheable = (request: FastifyRequest) =>
  request.method === "GET" && request.routeOptions.config.readCache === true;

/** Adds the read cache's hooks to `app`. */
export function registerReadCache(app: FastifyInstance, options: ReadCacheOptions): void {
  if (options.ttlMs <= 0) return;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  /** URLs whose answer a request is computing now, with what resolves when it has been sent. */
  const inFlight = new Map<string, Promise<void>>();
  /** Requests that compute their URL's answer for the others, with how to release those. */
  const computing = new WeakMap<FastifyRequest, () => void>();

  /** The URL's unexpired entry, if any. */
  const fresh = (url: string): Entry | undefined => {
    const entry = entries.get(url);
    if (entry === undefined) return undefined;
    if (entry.expires > Date.now()) return entry;
    entries.delete(url);
    return undefined;
  };

  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    if (!cacheable(request)) return;
    let entry = fresh(request.url);
    for (let pending = inFlight.get(request.url); entry === undefined && pending !== undefined; ) {
      await pending;
      entry = fresh(request.url);
      pending = inFlight.get(request.url);
    }
    if (entry === undefined) {
      // Nobody is computing it (or the one awaited ended without a 200): this request does; later ones wait for it.
      let release!: () => void;
      inFlight.set(request.url, new Promise<void>((resolve) => (release = resolve)));
      computing.set(request, release);
      return;
    }
    await reply.header("content-type", entry.contentType).header("x-cache", "hit").send(entry.payload);
  });

  app.addHook("onSend", async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!cacheable(request) || reply.getHeader("x-cache") === "hit") return payload;
    void reply.header("x-cache", "miss");
    if (reply.statusCode === 200 && typeof payload === "string") {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      const contentType = String(reply.getHeader("content-type") ?? "application/json; charset=utf-8");
      entries.set(request.url, { expires: Date.now() + options.ttlMs, contentType, payload });
    }
    return payload;
  });

  app.addHook("onResponse", async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== "GET" && request.method !== "HEAD" && reply.statusCode < 400) entries.clear();
    finishComputing(request);
  });
  // A request that fails before it is answered (e.g. the client went away) still releases the waiting ones.
  app.addHook("onRequestAbort", (request: FastifyRequest, done: () => void) => {
    finishComputing(request);
    done();
  });

  function finishComputing(request: FastifyRequest): void {
    const release = computing.get(request);
    if (release === undefined) return;
    computing.delete(request);
    inFlight.delete(request.url);
    release();
  }
}

/**
 * A loader whose results are reused for `ttlMs` per key (at most `maxEntries` keys, the oldest dropped first) — the
 * same staleness contract as the read cache, for values several URLs share (e.g. the report behind every proof of
 * its lines). Concurrent calls for a key being loaded share that load (single flight). Failures are not kept.
 */
export function memoize<K, V>(ttlMs: number, load: (key: K) => Promise<V>, maxEntries = 1_000): (key: K) => Promise<V> {
  if (ttlMs <= 0) return load;
  const entries = new Map<K, { expires: number; value: V }>();
  const loading = new Map<K, Promise<V>>();
  return async (key: K) => {
    const entry = entries.get(key);
    if (entry !== undefined && entry.expires > Date.now()) return entry.value;
    const pending = loading.get(key);
    if (pending !== undefined) return pending;
    const started = load(key);
    loading.set(key, started);
    try {
      const value = await started;
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as K);
      entries.set(key, { expires: Date.now() + ttlMs, value });
      return value;
    } finally {
      loading.delete(key);
    }
  };
}
