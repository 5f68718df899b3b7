/**
 * A background loop shared by the outbox worker and the keeper: one step at a time, a pause between steps that
 * doubles after each failed step (up to a ceiling), and a graceful stop that lets the current step finish.
 */
import type { WorkerLog } from "./stepContext.ts";

/** What the loop runs. */
export interface WorkerLoopOptions<Result> {
  /** For log messages. */
  name: string;
  intervalMs: number;
  maxBackoffMs: number;
  log: WorkerLog;
  step: () => Promise<Result>;
}

/** A running (or stopped) loop. */
export interface WorkerLoop<Result = void> {
  /** Starts stepping every `intervalMs`; calling it again while running does nothing. */
  start(): void;
  /** Stops after the current step (if any) has finished. */
  stop(): Promise<void>;
  /** Runs one step now, after any step in progress; rejects with the step's error. */
  runOnce(): Promise<Result>;
}

/** Creates the loop (not started). */
export function createWorkerLoop<Result>(options: WorkerLoopOptions<Result>): WorkerLoop<Result> {
  let tail: Promise<unknown> = Promise.resolve();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const runOnce = (): Promise<Result> => {
    const next = tail.then(() => options.step());
    tail = next.catch(() => undefined);
    return next;
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  return {
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        let delay = options.intervalMs;
        while (running) {
          try {
            await runOnce();
            delay = options.intervalMs;
          } catch (error) {
            delay = Math.min(delay * 2, options.maxBackoffMs);
            options.log(`${options.name}: step failed, next in ${delay} ms`, {
              error: (error as Error).message?.split("\n")[0] ?? String(error),
            });
          }
          if (running) await pause(delay);
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await tail;
    },
    runOnce,
  };
}
