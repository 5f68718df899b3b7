/**
 * Sign-In with Ethereum routes: `POST /v1/auth/nonce` → a nonce; `POST /v1/auth/sign-in` with the signed EIP-4361
 * message → a bearer token; `POST /v1/auth/sign-out`; `GET /v1/me` → the signed-in account's profile.
 */
import Type, { type Static } from "typebox";

import type { Account } from "../../accounts/accounts.ts";
import { bearerToken, issueNonce, requireSession, revokeSession, signIn, SignInError } from "../../accounts/session.ts";
import type { App, ServiceContext } from "../context.ts";
import { AddressString, ErrorBody } from "../schemas.ts";

/** An account as its owner sees it. */
export const AccountView = Type.Object({
  id: Type.String({ description: "pseudonymous account id (acct_…)" }),
  kind: Type.Union([Type.Literal("fan"), Type.Literal("artist"), Type.Literal("label"), Type.Literal("operator")]),
  wallet: Type.Union([AddressString, Type.Null()]),
  custodialAddress: Type.Union([AddressString, Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.Union([Type.String(), Type.Null()]),
  locale: Type.String(),
  country: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
});

/** The JSON view of an account. */
export function accountView(account: Account): Static<typeof AccountView> {
  return {
    id: account.publicId,
    kind: account.kind,
    wallet: account.wallet ?? null,
    custodialAddress: account.custodialAddress ?? null,
    email: account.email ?? null,
    phone: account.phone ?? null,
    displayName: account.displayName ?? null,
    locale: account.locale,
    country: account.country ?? null,
    createdAt: account.createdAt.toISOString(),
  };
}

/** Registers the sign-in routes. */
export function authRoutes(app: App, context: ServiceContext): void {
  app.post(
    "/v1/auth/nonce",
    {
      schema: {
        summary: "A nonce to put in a Sign-In with Ethereum message (valid 10 minutes, once)",
        response: { 200: Type.Object({ nonce: Type.String(), expiresAt: Type.String({ format: "date-time" }) }) },
      },
    },
    async () => {
      const { nonce, expiresAt } = await issueNonce(context.db);
      return { nonce, expiresAt: expiresAt.toISOString() };
    },
  );

  app.post(
    "/v1/auth/sign-in",
    {
      schema: {
        summary: "Exchange a signed EIP-4361 message for a session token",
        body: Type.Object(
          {
            message: Type.String({ minLength: 1, maxLength: 4_096 }),
            signature: Type.String({ pattern: "^0x[0-9a-fA-F]+$", maxLength: 20_000 }),
            profile: Type.Optional(
              Type.Union([Type.Literal("fan"), Type.Literal("artist"), Type.Literal("label")], {
                description: "account kind when this wallet signs in for the first time (default fan)",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            token: Type.String(),
            expiresAt: Type.String({ format: "date-time" }),
            account: AccountView,
          }),
          401: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      try {
        const session = await signIn(
          {
            db: context.db,
            publicClient: context.chain.publicClient,
            domain: context.config.siweDomain ?? request.headers.host ?? "",
            chainId: context.chain.chain.id,
          },
          {
            message: request.body.message,
            signature: request.body.signature as `0x${string}`,
            profile: request.body.profile,
          },
        );
        return {
          token: session.token,
          expiresAt: session.expiresAt.toISOString(),
          account: accountView(session.account),
        };
      } catch (error) {
        if (error instanceof SignInError)
          return reply.code(401).send({ error: "Unauthorized", message: error.message });
        throw error;
      }
    },
  );

  app.post(
    "/v1/auth/sign-out",
    {
      preHandler: requireSession(context.db),
      schema: { summary: "End this session", response: { 204: Type.Null(), 401: ErrorBody } },
    },
    async (request, reply) => {
      const token = bearerToken(request);
      if (token !== undefined) await revokeSession(context.db, token);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/v1/me",
    {
      preHandler: requireSession(context.db),
      schema: { summary: "The signed-in account's profile", response: { 200: AccountView, 401: ErrorBody } },
    },
    (request) => accountView(request.account as Account),
  );
}
