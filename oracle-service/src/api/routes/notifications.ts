/**
 * The signed-in account's notification settings: `GET`/`PUT /v1/me/notifications/preferences` (per kind: email,
 * SMS, push), the VAPID public key a browser needs to subscribe (`GET /v1/me/notifications/push/vapid-public-key`)
 * and its push subscriptions (`GET`/`POST /v1/me/notifications/push/subscriptions`, `DELETE …/:id`). Every route
 * needs a session (`Authorization: Bearer …`, see src/accounts/session.ts).
 */
import Type from "typebox";

import type { Account } from "../../accounts/accounts.ts";
import { requireSession } from "../../accounts/session.ts";
import {
  addPushSubscription,
  channelAllowed,
  CRITICAL_KINDS,
  getPreferences,
  listPushSubscriptions,
  removePushSubscription,
  setPreferences,
} from "../../notifications/preferences.ts";
import { pushEndpointProblem } from "../../notifications/pushEndpoint.ts";
import { NOTIFICATION_KINDS } from "../../notifications/queue.ts";
import type { App, ServiceContext } from "../context.ts";
import { ErrorBody } from "../schemas.ts";

const Kind = Type.Union(
  [
    Type.Literal("investment_confirmed"),
    Type.Literal("campaign_succeeded"),
    Type.Literal("campaign_failed"),
    Type.Literal("refund_available"),
    Type.Literal("revenue_received"),
    Type.Literal("payout_sent"),
    Type.Literal("due_date_reminder"),
    Type.Literal("overdue_notice"),
  ],
  { description: "notification kind" },
);
const ChannelField = Type.Union([Type.Literal("email"), Type.Literal("sms"), Type.Literal("push")]);

/** Effective settings, per kind. */
export const PreferencesView = Type.Object({
  preferences: Type.Array(
    Type.Object({ kind: Kind, email: Type.Boolean(), sms: Type.Boolean(), push: Type.Boolean() }),
  ),
  criticalKinds: Type.Array(Kind, { description: "the kinds SMS can be turned on for" }),
  channels: Type.Object(
    { email: Type.Boolean(), sms: Type.Boolean(), push: Type.Boolean() },
    { description: "channels this instance can send by" },
  ),
});

const SubscriptionView = Type.Object({ id: Type.String(), endpoint: Type.String() });

/** Registers the notification settings routes. */
export function notificationRoutes(app: App, context: ServiceContext): void {
  const guard = requireSession(context.db);
  const settings = context.config.notifications;
  const channels = {
    email: settings.smtp !== undefined,
    sms: settings.smsMode !== "off",
    push: settings.vapid !== undefined,
  };
  const view = async (account: Account) => ({
    preferences: await getPreferences(context.db, account.id),
    criticalKinds: [...CRITICAL_KINDS],
    channels,
  });

  app.get(
    "/v1/me/notifications/preferences",
    {
      preValidation: guard,
      schema: { summary: "My notification settings", response: { 200: PreferencesView, 401: ErrorBody } },
    },
    async (request) => view(request.account as Account),
  );

  app.put(
    "/v1/me/notifications/preferences",
    {
      preValidation: guard,
      schema: {
        summary: "Change notification settings (only the listed ones; the others keep their value)",
        body: Type.Object(
          {
            changes: Type.Array(
              Type.Object(
                { kind: Kind, channel: ChannelField, enabled: Type.Boolean() },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: NOTIFICATION_KINDS.length * 3 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: PreferencesView, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      const account = request.account as Account;
      const refused = request.body.changes.findIndex(
        (change) => change.enabled && !channelAllowed(change.kind, change.channel),
      );
      if (refused !== -1) {
        return reply.code(400).send({
          error: "Bad Request",
          message: `body/changes/${refused}: SMS is only for ${CRITICAL_KINDS.join(", ")}, not ${request.body.changes[refused].kind}`,
        });
      }
      await context.db.transaction((tx) => setPreferences(tx, account.id, request.body.changes));
      return view(account);
    },
  );

  app.get(
    "/v1/me/notifications/push/vapid-public-key",
    {
      preValidation: guard,
      schema: {
        summary: "The VAPID public key to pass to pushManager.subscribe (applicationServerKey)",
        response: { 200: Type.Object({ publicKey: Type.String() }), 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (_request, reply) => {
      if (settings.vapid === undefined) {
        return reply.code(404).send({ error: "Not Found", message: "Web Push is not configured on this instance" });
      }
      return { publicKey: settings.vapid.publicKey };
    },
  );

  app.get(
    "/v1/me/notifications/push/subscriptions",
    {
      preValidation: guard,
      schema: {
        summary: "My browsers subscribed to push notifications",
        response: { 200: Type.Object({ subscriptions: Type.Array(SubscriptionView) }), 401: ErrorBody },
      },
    },
    async (request) => {
      const list = await listPushSubscriptions(context.db, (request.account as Account).id);
      return { subscriptions: list.map((s) => ({ id: s.id.toString(), endpoint: s.endpoint })) };
    },
  );

  app.post(
    "/v1/me/notifications/push/subscriptions",
    {
      preValidation: guard,
      schema: {
        summary: "Subscribe this browser to push notifications (the PushSubscription's JSON)",
        body: Type.Object({
          endpoint: Type.String({ pattern: "^https://[^\\s]+$", maxLength: 2_048, description: "push service URL" }),
          expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
          keys: Type.Object({
            p256dh: Type.String({ pattern: "^[A-Za-z0-9_-]{80,100}={0,2}$" }),
            auth: Type.String({ pattern: "^[A-Za-z0-9_-]{16,30}={0,2}$" }),
          }),
        }),
        response: { 201: SubscriptionView, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      const problem = pushEndpointProblem(request.body.endpoint, settings.pushHosts);
      if (problem !== undefined) {
        return reply.code(400).send({ error: "Bad Request", message: `body/endpoint: ${problem}` });
      }
      const stored = await addPushSubscription(context.db, (request.account as Account).id, {
        endpoint: request.body.endpoint,
        keys: request.body.keys,
      });
      return reply.code(201).send({ id: stored.id.toString(), endpoint: stored.endpoint });
    },
  );

  app.delete(
    "/v1/me/notifications/push/subscriptions/:id",
    {
      preValidation: guard,
      schema: {
        summary: "Unsubscribe a browser",
        params: Type.Object({ id: Type.String({ pattern: "^[0-9]{1,18}$", description: "subscription id" }) }),
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const removed = await removePushSubscription(
        context.db,
        (request.account as Account).id,
        BigInt(request.params.id),
      );
      if (!removed)
        return reply.code(404).send({ error: "Not Found", message: `id: no subscription ${request.params.id}` });
      return reply.code(204).send(null);
    },
  );
}
