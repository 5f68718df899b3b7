/** Reads the data sources and event handlers of the rendered `subgraph.yaml` (line-based; the file is generated). */
import { readFileSync } from "node:fs";

import { MANIFEST } from "./paths.ts";

/** One event handler of a data source. */
export interface EventHandler {
  dataSource: string;
  abi: string;
  event: string;
  handler: string;
}

/**
 * Every `eventHandlers` entry of the manifest with its data source and ABI name.
 *
 * @param path - Manifest path (default: the rendered `subgraph.yaml`).
 * @throws When an `event:` has no `handler:` after it.
 */
export function readEventHandlers(path: string = MANIFEST): EventHandler[] {
  const handlers: EventHandler[] = [];
  let dataSource = "";
  let abi = "";
  let event: string | undefined;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const dataSourceName = /^ {4}name: (\S+)/.exec(line)?.[1];
    if (dataSourceName !== undefined) dataSource = dataSourceName;
    const sourceAbi = /^ {6}abi: (\S+)/.exec(line)?.[1];
    if (sourceAbi !== undefined) abi = sourceAbi;
    const eventSignature = /^\s+- event: (.+)$/.exec(line)?.[1];
    if (eventSignature !== undefined) event = eventSignature.trim();
    const handler = /^\s+handler: (\w+)/.exec(line)?.[1];
    if (handler !== undefined) {
      if (event === undefined) throw new Error(`${path}: handler ${handler} without an event`);
      handlers.push({ dataSource, abi, event, handler });
      event = undefined;
    }
  }
  return handlers;
}
