/** The fetch-based SSE parser: events split across chunks, multi-line data, ids, comments, CRLF. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createSseParser } from "../src/lib/sse.ts";

describe("createSseParser", () => {
  it("assembles events across chunk boundaries and skips comments", () => {
    const parse = createSseParser();
    assert.deepEqual(parse("retry: 3000\nid: 1\nevent: over"), []);
    assert.deepEqual(parse('view\ndata: {"a":\ndata: 1}\n\n: heartbeat\n\n'), [
      { event: "overview", data: '{"a":\n1}', id: "1" },
    ]);
    assert.deepEqual(parse("data: plain\r\n\r\nevent: shutdown\ndata:\n\n"), [
      { event: "message", data: "plain", id: "1" },
      { event: "shutdown", data: "", id: "1" },
    ]);
  });
});
