/**
 * Free-port helpers for the local platform. Everything Encore runs locally binds 127.0.0.1 only, so these probes
 * bind there too.
 */
import { createServer } from "node:net";

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

/**
 * The first free port on 127.0.0.1 at or after `start`.
 *
 * @param start - First port to try (e.g. 8545).
 * @param attempts - How many consecutive ports to try before giving up.
 * @returns The free port.
 * @throws When none of the `attempts` ports from `start` is free.
 */
export async function findFreePort(start: number, attempts = 100): Promise<number> {
  for (let port = start; port < start + attempts && port <= 65_535; port++) {
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
