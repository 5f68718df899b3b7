/**
 * `findFreePort` reservations (scripts/lib/ports.ts): parallel test processes and repeated calls never get the same
 * port; a live process's reservation is skipped, a dead one's taken over, and a process's own are removed at exit.
 */
import { expect } from "chai";
import { spawn, spawnSync, type ChildProcessByStdio } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

import { findFreePort } from "../../scripts/lib/ports.ts";

const PORTS_MODULE = join(import.meta.dirname, "..", "..", "scripts", "lib", "ports.ts");

describe("findFreePort reservations", function () {
  let dir: string;
  let previous: string | undefined;
  let start: number;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), "encore-ports-test-"));
    previous = process.env.ENCORE_PORT_RESERVATIONS;
    process.env.ENCORE_PORT_RESERVATIONS = dir;
    start = 41_000 + Math.floor(Math.random() * 4_000);
  });
  afterEach(function () {
    if (previous === undefined) delete process.env.ENCORE_PORT_RESERVATIONS;
    else process.env.ENCORE_PORT_RESERVATIONS = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  it("never hands out the same port twice, even before it is bound", async function () {
    const first = await findFreePort(start);
    const second = await findFreePort(start);
    expect(second).to.not.equal(first);
    expect(readFileSync(join(dir, String(first)), "utf8")).to.equal(String(process.pid));
  });

  it("skips a port a live process reserved and takes over one whose process is gone", async function () {
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30_000)"], { stdio: "ignore" });
    try {
      writeFileSync(join(dir, String(start)), String(sleeper.pid));
      expect(await findFreePort(start)).to.not.equal(start);
    } finally {
      sleeper.kill("SIGKILL");
    }
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(join(dir, String(start + 50)), gone.stdout);
    expect(await findFreePort(start + 50)).to.equal(start + 50);
    expect(readFileSync(join(dir, String(start + 50)), "utf8")).to.equal(String(process.pid));
  });

  it("gives processes racing from the same start different ports, and removes their files at exit", async function () {
    // Each child reserves a port, prints it, and holds it until its stdin closes.
    const script = `import { findFreePort } from ${JSON.stringify(PORTS_MODULE)};
      process.stdout.write(String(await findFreePort(${start})) + "\\n");
      process.stdin.resume(); process.stdin.on("end", () => process.exit(0));`;
    const children = [0, 1, 2].map(() =>
      spawn(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, ENCORE_PORT_RESERVATIONS: dir },
        stdio: ["pipe", "pipe", "inherit"],
      }),
    );
    try {
      await expectDistinctPortsReleased(children);
    } finally {
      for (const child of children) child.kill("SIGKILL");
    }
  });
});

/** Reads each child's port, checks they differ, lets the children exit and checks their reservations are gone. */
async function expectDistinctPortsReleased(children: ChildProcessByStdio<Writable, Readable, null>[]): Promise<void> {
  const dir = process.env.ENCORE_PORT_RESERVATIONS as string;
  const ports = await Promise.all(
    children.map(
      (child) =>
        new Promise<number>((resolve, reject) => {
          child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
          child.once("exit", (code) => reject(new Error(`child exited ${code} before printing a port`)));
        }),
    ),
  );
  expect(new Set(ports).size, ports.join(",")).to.equal(3);
  await Promise.all(
    children.map((child) => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.stdin.end();
      return exited;
    }),
  );
  for (const port of ports) expect(existsSync(join(dir, String(port))), `${port} released`).to.equal(false);
}
