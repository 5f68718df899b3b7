/** How an `encore` subcommand turns a thrown error into its exit code (shared by the subcommands). */
import { RequestError } from "../../reports/requestError.ts";

/** What {@link commandFailure} needs of the subcommand. */
export interface FailureContext {
  /** e.g. "encore catalog register" (prefix of the printed message). */
  command: string;
  stderr: NodeJS.WritableStream;
  /** Prints the problem and the usage text; returns the usage exit code (2). */
  usage(problem: string): number;
}

/**
 * Maps a subcommand's error to an exit code: a {@link RequestError} prints its message and exits 2 for a bad
 * request (400) or 1 otherwise; a `parseArgs` error prints the usage and exits 2.
 *
 * @throws Anything else, unchanged (the CLI's top level reports it).
 */
export function commandFailure(error: unknown, context: FailureContext): number {
  if (error instanceof RequestError) {
    context.stderr.write(`${context.command}: ${error.message}\n`);
    return error.statusCode === 400 ? 2 : 1;
  }
  if ((error as { code?: string } | undefined)?.code?.startsWith("ERR_PARSE_ARGS")) {
    return context.usage((error as Error).message);
  }
  throw error;
}
