/**
 * The signed-in account's own data (GDPR and profile): `PATCH /v1/me` (profile), consents (`GET`/`POST
 * /v1/me/consents`), `GET /v1/me/export` (everything held about the caller), `DELETE /v1/me` (erasure), label ↔
 * artist links (`GET /v1/me/links`, `POST /v1/me/artists`, `POST /v1/me/labels/:labelId/approve`, `DELETE
 * /v1/me/links/:accountId`), a label editing a managed artist's public profile (`PATCH /v1/me/artists/:accountId`) and, for operators, `POST /v1/operator/accounts` (create an operator account).
 * `GET /v1/me` itself is in auth.ts.
 */
import Type from "typebox";

import type { Account, Locale } from "../../accounts/accounts.ts";
import {
  CONSENT_PURPOSES,
  CONSENT_SOURCES,
  consentHistory,
  currentConsents,
  recordConsent,
} from "../../accounts/consents.ts";
import type { ConsentPurpose, ConsentRecord, ConsentSource } from "../../accounts/consents.ts";
import {
  accountLinks,
  approveLabelLink,
  managedArtist,
  requestArtistLink,
  revokeLabelLink,
  type LabelLink,
} from "../../accounts/labels.ts";
import { createOperatorAccount } from "../../accounts/operators.ts";
import { eraseAccount, exportAccountData } from "../../accounts/personalData.ts";
import { updateProfile } from "../../accounts/profile.ts";
import { requireSession } from "../../accounts/session.ts";
import type { App, ServiceContext } from "../context.ts";
import { requireOperator } from "../operatorAccess.ts";
import { AddressString, ErrorBody } from "../schemas.ts";
import { AccountView, accountView } from "./auth.ts";

/** `null` (clears the field) or a string. Null comes first: Ajv's type coercion would turn null into "" otherwise. */
const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([Type.Null(), schema]);

const ConsentView = Type.Object({
  purpose: Type.String(),
  granted: Type.Boolean(),
  textVersion: Type.String(),
  source: Type.String(),
  at: Type.String({ format: "date-time" }),
});

const LinkView = Type.Object({
  label: Type.Object({ id: Type.String(), displayName: Type.Union([Type.String(), Type.Null()]) }),
  artist: Type.Object({
    id: Type.String(),
    wallet: Type.Union([Type.String(), Type.Null()]),
    displayName: Type.Union([Type.String(), Type.Null()]),
  }),
  status: Type.String(),
  requestedAt: Type.String({ format: "date-time" }),
  approvedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});

const AccountIdParam = Type.String({ pattern: "^acct_[0-9a-f]{20}$", description: "pseudonymous account id" });

function consentView(record: ConsentRecord) {
  const { purpose, granted, textVersion, source, at } = record;
  return { purpose, granted, textVersion, source, at: at.toISOString() };
}

function linkView(link: LabelLink) {
  return {
    label: { id: link.label.id, displayName: link.label.displayName ?? null },
    artist: { id: link.artist.id, wallet: link.artist.wallet ?? null, displayName: link.artist.displayName ?? null },
    status: link.status,
    requestedAt: link.requestedAt.toISOString(),
    approvedAt: link.approvedAt?.toISOString() ?? null,
    revokedAt: link.revokedAt?.toISOString() ?? null,
  };
}

/** Registers the profile, consent, export, erasure, label and operator-account routes. */
export function meRoutes(app: App, context: ServiceContext): void {
  const { db } = context;
  const session = requireSession(db);
  const me = (request: { account?: Account }) => request.account as Account;

  app.patch(
    "/v1/me",
    {
      preHandler: session,
      schema: {
        summary: "Change the signed-in account's profile (null clears a field)",
        body: Type.Object(
          {
            email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
            phone: Type.Optional(Nullable(Type.String({ maxLength: 32, description: "E.164, e.g. +33612345678" }))),
            displayName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
            locale: Type.Optional(Type.String({ description: "en, fr, ko, es or pt" })),
            country: Type.Optional(Nullable(Type.String({ maxLength: 2, description: "ISO 3166-1 alpha-2" }))),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccountView, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) =>
      accountView(await updateProfile(db, me(request).id, { ...request.body, locale: request.body.locale as Locale })),
  );

  app.get(
    "/v1/me/consents",
    {
      preHandler: session,
      schema: {
        summary: "The caller's consents: the current answer per purpose and the full history",
        response: {
          200: Type.Object({ current: Type.Array(ConsentView), history: Type.Array(ConsentView) }),
          401: ErrorBody,
        },
      },
    },
    async (request) => ({
      current: (await currentConsents(db, me(request).id)).map(consentView),
      history: (await consentHistory(db, me(request).id)).map(consentView),
    }),
  );

  app.post(
    "/v1/me/consents",
    {
      preHandler: session,
      schema: {
        summary: "Record a consent (granted true) or its withdrawal (false); the history is append-only",
        body: Type.Object(
          {
            purpose: Type.String({ description: CONSENT_PURPOSES.join(", ") }),
            granted: Type.Boolean(),
            textVersion: Type.String({ minLength: 1, maxLength: 100 }),
            source: Type.Optional(Type.String({ description: `${CONSENT_SOURCES.join(", ")} (default web)` })),
          },
          { additionalProperties: false },
        ),
        response: { 201: ConsentView, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      const record = await recordConsent(db, me(request), {
        purpose: request.body.purpose as ConsentPurpose,
        granted: request.body.granted,
        textVersion: request.body.textVersion,
        source: (request.body.source ?? "web") as ConsentSource,
      });
      return reply.code(201).send(consentView(record));
    },
  );

  app.get(
    "/v1/me/export",
    {
      preHandler: session,
      schema: {
        summary: "Everything held about the caller (GDPR access / portability), as JSON",
        response: { 200: Type.Record(Type.String(), Type.Unknown()), 401: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const document = await exportAccountData(db, me(request));
      return reply
        .header("content-disposition", `attachment; filename="encore-${document.account.id as string}.json"`)
        .send(document as unknown as Record<string, unknown>);
    },
  );

  app.delete(
    "/v1/me",
    {
      preHandler: session,
      schema: {
        summary: "Erase the caller's personal data (GDPR); ledgers and the audit log keep the pseudonymous id only",
        response: { 204: Type.Null(), 401: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      await eraseAccount(db, me(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/v1/me/links",
    {
      preHandler: requireSession(db, ["label", "artist"]),
      schema: {
        summary: "A label's artists, or an artist's labels (requested, active and revoked links)",
        response: { 200: Type.Object({ links: Type.Array(LinkView) }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => ({ links: (await accountLinks(db, me(request))).map(linkView) }),
  );

  app.post(
    "/v1/me/artists",
    {
      preHandler: requireSession(db, ["label"]),
      schema: {
        summary: "A label asks to manage an artist (the artist approves with POST /v1/me/labels/:labelId/approve)",
        body: Type.Object({ wallet: AddressString }, { additionalProperties: false }),
        response: { 200: LinkView, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => linkView(await requestArtistLink(db, me(request), request.body.wallet as `0x${string}`)),
  );

  app.patch(
    "/v1/me/artists/:accountId",
    {
      preHandler: requireSession(db, ["label"]),
      schema: {
        summary: "A label changes the public profile (display name, locale, country) of an artist it manages",
        params: Type.Object({ accountId: AccountIdParam }),
        body: Type.Object(
          {
            displayName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
            locale: Type.Optional(Type.String({ description: "en, fr, ko, es or pt" })),
            country: Type.Optional(Nullable(Type.String({ maxLength: 2, description: "ISO 3166-1 alpha-2" }))),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ id: Type.String(), displayName: Type.Union([Type.String(), Type.Null()]) }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const label = me(request);
      const artist = await managedArtist(db, label, request.params.accountId);
      const { displayName, locale, country } = request.body;
      // The artist's contact data (email, phone) stays theirs: a label changes the public fields only.
      const updated = await updateProfile(
        db,
        artist.id,
        { displayName, locale: locale as Locale | undefined, country },
        `account:${label.publicId}`,
      );
      return { id: updated.publicId, displayName: updated.displayName ?? null };
    },
  );

  app.post(
    "/v1/me/labels/:labelId/approve",
    {
      preHandler: requireSession(db, ["artist"]),
      schema: {
        summary: "An artist approves a label's request to manage them",
        params: Type.Object({ labelId: AccountIdParam }),
        response: { 200: LinkView, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => linkView(await approveLabelLink(db, me(request), request.params.labelId)),
  );

  app.delete(
    "/v1/me/links/:accountId",
    {
      preHandler: requireSession(db, ["label", "artist"]),
      schema: {
        summary: "End a label ↔ artist link (either side)",
        params: Type.Object({ accountId: AccountIdParam }),
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      await revokeLabelLink(db, me(request), request.params.accountId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/v1/operator/accounts",
    {
      preHandler: requireOperator(db),
      schema: {
        summary: "Create an operator account for a wallet (operators only; never by self sign-up)",
        body: Type.Object({ wallet: AddressString }, { additionalProperties: false }),
        response: {
          200: AccountView,
          201: AccountView,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { account, created } = await createOperatorAccount(db, request.body.wallet, request.operator ?? "api");
      return reply.code(created ? 201 : 200).send(accountView(account));
    },
  );
}
