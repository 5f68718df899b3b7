/**
 * Crash points for the restart-safety test: `ENCORE_OUTBOX_CRASH_AT=<point>:<n>` makes the process kill itself
 * (SIGKILL, like `kill -9`: no cleanup, no flush) the n-th time it passes `<point>`. Unset, nothing happens.
 */

/** Places in the worker where a crash is most dangerous. */
export type CrashPointName = "after-sign" | "after-broadcast" | "after-mined";

/** Passes crash points, counting each; kills the process at the configured one. */
export interface CrashPoints {
  pass(point: CrashPointName): void;
}

/**
 * Reads the crash point from `setting` (usually `process.env.ENCORE_OUTBOX_CRASH_AT`).
 *
 * @throws When the setting is present but not `<point>:<n>` with a known point and n ≥ 1.
 */
export function crashPointsFrom(setting: string | undefined): CrashPoints {
  if (setting === undefined || setting === "") return { pass: () => undefined };
  const match = /^(after-sign|after-broadcast|after-mined):([1-9][0-9]*)$/.exec(setting);
  if (match === null) {
    throw new Error(`ENCORE_OUTBOX_CRASH_AT = "${setting}" is not <after-sign|after-broadcast|after-mined>:<n>`);
  }
  const [, target, countText] = match;
  let remaining = Number(countText);
  return {
    pass(point) {
      if (point !== target) return;
      remaining -= 1;
      if (remaining === 0) process.kill(process.pid, "SIGKILL");
    },
  };
}
