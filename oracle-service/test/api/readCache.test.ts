/**
 * The read cache and `memoize` under concurrency: requests for a URL whose answer is being computed wait for it
 * (one handler run, the others served from the cache), a failed computation is not shared, and other URLs are not
 * held up.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import Fastify from "fastify";

import { memoize, registerReadCache } from "../../src/api/readCache.ts";

/** A promise and its resolver. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

async function appWithSlowRoute(handler: (id: string) => Promise<unknown>) {
  const app = Fastify();
  registerReadCache(app, { ttlMs: 60_000 });
  app.get<{ Params: { id: string } }>("/thing/:id", { config: { readCache: true } }, (request) =>
    handler(request.params.id),
  );
  await app.ready();
  return app;
}

describe("read cache", () => {
  it("runs the handler once for concurrent requests of one URL and serves the others its answer", async () => {
    const slow = gate();
    let runs = 0;
    const app = await appWithSlowRoute(async (id) => {
      runs++;
      await slow.opened;
      return { id, run: runs };
    });
    const responses = Promise.all(Array.from({ length: 5 }, () => app.inject({ method: "GET", url: "/thing/a" })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    slow.open();
    const done = await responses;
    assert.equal(runs, 1);
    assert.deepEqual(
      done.map((response) => [response.statusCode, response.json<unknown>(), response.headers["x-cache"]]),
      [[200, { id: "a", run: 1 }, "miss"], ...Array.from({ length: 4 }, () => [200, { id: "a", run: 1 }, "hit"])],
    );
    await app.close();
  });

  it("does not hold up requests for other URLs", async () => {
    const slow = gate();
    const app = await appWithSlowRoute(async (id) => {
      if (id === "slow") await slow.opened;
      return { id };
    });
    const blocked = app.inject({ method: "GET", url: "/thing/slow" });
    const other = await app.inject({ method: "GET", url: "/thing/fast" });
    assert.deepEqual(other.json(), { id: "fast" });
    slow.open();
    assert.equal((await blocked).statusCode, 200);
    await app.close();
  });

  it("lets waiting requests compute their own answer when the one they waited for failed", async () => {
    const slow = gate();
    let runs = 0;
    const app = await appWithSlowRoute(async (id) => {
      const run = ++runs;
      if (run === 1) {
        await slow.opened;
        throw new Error("first run fails");
      }
      return { id, run };
    });
    const responses = Promise.all(Array.from({ length: 3 }, () => app.inject({ method: "GET", url: "/thing/b" })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    slow.open();
    const [failed, ...rest] = await responses;
    assert.equal(failed.statusCode, 500);
    // The first waiter to resume computes again; the last one gets its answer from the cache.
    assert.deepEqual(
      rest.map((response) => [response.statusCode, response.json<unknown>(), response.headers["x-cache"]]),
      [
        [200, { id: "b", run: 2 }, "miss"],
        [200, { id: "b", run: 2 }, "hit"],
      ],
    );
    assert.equal(runs, 2);
    await app.close();
  });
});

describe("memoize", () => {
  it("shares one load between concurrent calls and keeps its value", async () => {
    const slow = gate();
    let loads = 0;
    const get = memoize(60_000, async (key: string) => {
      loads++;
      await slow.opened;
      return `${key}:${loads}`;
    });
    const values = Promise.all([get("k"), get("k"), get("k")]);
    slow.open();
    assert.deepEqual(await values, ["k:1", "k:1", "k:1"]);
    assert.equal(await get("k"), "k:1");
    assert.equal(loads, 1);
  });

  it("gives concurrent callers the load's error and loads again on the next call", async () => {
    let loads = 0;
    const get = memoize(60_000, async (key: string) => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (loads === 1) throw new Error("unreachable database");
      return key;
    });
    const results = await Promise.allSettled([get("k"), get("k")]);
    assert.deepEqual(
      results.map((result) => result.status),
      ["rejected", "rejected"],
    );
    assert.equal(await get("k"), "k");
    assert.equal(loads, 2);
  });
});
