/** The durable transaction outbox: enqueue transactions, read their status, run the worker that sends them. */
export { enqueueTransaction, outboxCounts, outboxEntry, OutboxKeyConflictError } from "./outboxStore.ts";
export type { OutboxEntry, OutboxStatus, TransactionRequest } from "./outboxStore.ts";
export { createOutboxWorker } from "./worker.ts";
export type { OutboxWorker, OutboxWorkerContext } from "./worker.ts";
export type { WorkerLog } from "./stepContext.ts";
