/**
 * Free-port helpers for the local platform. Everything Encore runs locally binds 127.0.0.1 only, so these probes
 * bind there too.
 *
 * A probed port is free only until someone binds it, so {@link findFreePort} also reserves what it returns: a file
 * `<tmpdir>/encore-ports/<port>` created exclusively and holding the process id. Two processes (test files run in
 * parallel) or two calls in one process therefore never get the same port; a reservation is released when its
 * process exits, and one left by a killed process is taken over by the next search that meets it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Loopback address every local service binds. */
export const LOCALHOST = "127.0.0.1";

/**
 * Whether `port` can be bound on 127.0.0.1 right now.
 *
 * @param port - TCP port to probe.
 * @returns `true` when a listener could be opened (and was closed again), `false` when the port is in use or
 *   not allowed.
 */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen({ port, host: LOCALHOST, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Where reservations live (`ENCORE_PORT_RESERVATIONS` overrides it, e.g. for tests of this module). */
function reservationsDir(): string {
  return process.env.ENCORE_PORT_RESERVATIONS ?? join(tmpdir(), "encore-ports");
}
/** Reservation files this process created, released on exit. */
const reserved = new Set<string>();

/** Whether process `pid` exists (signal 0 only checks). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Reserves `port` for this process: true when the reservation file could be created (or held a process that is
 * gone and was replaced), false when another live process, or this one, holds it.
 */
function reserve(port: number): boolean {
  mkdirSync(reservationsDir(), { recursive: true });
  const file = join(reservationsDir(), String(port));
  if (!createExclusive(file) && !takeOverStale(file)) return false;
  if (reserved.size === 0) process.once("exit", releaseReservations);
  reserved.add(file);
  return true;
}

/** Creates `file` holding this process id; false when it exists. */
function createExclusive(file: string): boolean {
  try {
    writeFileSync(file, String(process.pid), { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  }
}

/**
 * Takes over a reservation whose process is gone. A `<file>.takeover` lock, itself created exclusively, makes sure
 * only one of several processes racing for the same stale reservation wins.
 */
function takeOverStale(file: string): boolean {
  const owner = Number(readFileSync(file, "utf8"));
  if (owner === process.pid || (Number.isInteger(owner) && owner > 0 && isAlive(owner))) return false;
  const lock = `${file}.takeover`;
  if (!createExclusive(lock)) return false;
  try {
    const current = Number(readFileSync(file, "utf8"));
    if (current !== owner) return false;
    writeFileSync(file, String(process.pid));
    return true;
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Removes this process's reservation files (runs at exit; reservations of dead processes are only skipped). */
function releaseReservations(): void {
  for (const file of reserved) {
    try {
      if (Number(readFileSync(file, "utf8")) === process.pid) rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  }
  reserved.clear();
}

/**
 * The first free, unreserved port on 127.0.0.1 at or after `start`, reserved for this process (see the module
 * comment).
 *
 * @param start - First port to try (e.g. 8545).
 * @param attempts - How many consecutive ports to try before giving up.
 * @returns The free port.
 * @throws When none of the `attempts` ports from `start` is free.
 */
export async function findFreePort(start: number, attempts = 100): Promise<number> {
  for (let port = start; port < start + attempts && port <= 65_535; port++) {
    if (!reserve(port)) continue;
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free port on ${LOCALHOST} in ${start}-${start + attempts - 1}`);
}

/**
 * Reads a port from environment variable `name`.
 *
 * @param name - Variable name, e.g. `ENCORE_RPC_PORT`.
 * @returns The port, or `undefined` when the variable is unset or empty.
 * @throws When the value is not an integer in 1–65535 (the message names the variable).
 */
export function portFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a TCP port (1-65535), got "${raw}"`);
  }
  return port;
}
