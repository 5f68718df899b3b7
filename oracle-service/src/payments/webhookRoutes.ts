/**
 * `POST /v1/webhooks/stripe|paypal|coinbase`: the body is kept raw (a Buffer parser scoped to these routes), the
 * signature is verified on it, then the event is processed exactly once (processEvent.ts). A bad signature answers
 * 400 with the reason and stores nothing but a `webhook_errors` row; a processing failure answers 500 (503 while
 * the treasury's approval is not mined yet) so the provider delivers again; a duplicate answers 200.
 */
import Type from "typebox";

import type { App, ServiceContext } from "../api/context.ts";
import { ErrorBody } from "../api/schemas.ts";
import { paymentsContext } from "./paymentsContext.ts";
import { recordWebhookError } from "./paymentStore.ts";
import { processEvent, TreasuryNotReadyError } from "./processEvent.ts";
import { PROVIDERS, WebhookVerificationError } from "./rail.ts";

/** Answer to an accepted webhook. */
export const WebhookAnswer = Type.Object({
  received: Type.Literal(true),
  duplicate: Type.Boolean({ description: "the event was already processed; nothing changed" }),
  outcome: Type.String(),
});

/** Registers the three webhook routes. */
export function webhookRoutes(app: App, context: ServiceContext): void {
  void app.register((scope: App, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, parsed) => parsed(null, body));
    const payments = paymentsContext(context, (message, data) => scope.log.info(data ?? {}, message));
    for (const provider of PROVIDERS) {
      scope.post(
        `/v1/webhooks/${provider}`,
        {
          config: { rateLimit: false },
          schema: {
            tags: ["payments"],
            summary: `Webhook endpoint for ${provider} (signature verified on the raw body)`,
            response: { 200: WebhookAnswer, 400: ErrorBody, 503: ErrorBody },
          },
        },
        async (request, reply) => {
          const rail = payments.rails[provider];
          if (rail === undefined) {
            return reply
              .code(503)
              .send({ error: "Service Unavailable", message: `the ${provider} rail is not configured` });
          }
          const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          let event;
          try {
            event = await rail.verifyWebhook(raw, request.headers);
          } catch (error) {
            if (!(error instanceof WebhookVerificationError)) throw error;
            await recordWebhookError(context.db, provider, "verification", error.message);
            return reply.code(400).send({ error: "Bad Request", message: error.message });
          }
          try {
            const result = await processEvent(payments, event);
            return reply.code(200).send({ received: true, ...result });
          } catch (error) {
            await recordWebhookError(context.db, provider, "processing", (error as Error).message).catch(
              () => undefined,
            );
            if (error instanceof TreasuryNotReadyError) {
              return reply.code(503).send({ error: "Service Unavailable", message: error.message });
            }
            throw error;
          }
        },
      );
    }
    done();
  });
}
