/**
 * Type declarations of the two rail SDKs that ship without types: only the parts the rails use
 * (`coinbase-commerce-node` 1.0.4 and `@paypal/payouts-sdk` 1.1.1, both CommonJS).
 */
declare module "coinbase-commerce-node" {
  /** The SDK's API client (a process-wide singleton). */
  interface CoinbaseClient {
    setRequestTimeout(timeout: number): void;
  }
  /** A Commerce event as `Webhook.verifyEventBody` returns it. */
  interface CoinbaseEvent {
    id: string;
    type: string;
    data: Record<string, unknown>;
  }
  const coinbase: {
    Client: { init(apiKey: string, baseApiUrl?: string, apiVersion?: string, timeout?: number): CoinbaseClient };
    errors: { SignatureVerificationError: new (...args: unknown[]) => Error };
    Webhook: { verifyEventBody(payload: string, signature: string, secret: string): CoinbaseEvent };
    resources: {
      Charge: { create(data: Record<string, unknown>): Promise<{ id: string; code: string; hosted_url: string }> };
    };
  };
  export default coinbase;
}

declare module "@paypal/payouts-sdk" {
  /** A request the PayPal HTTP client executes. */
  interface PayPalRequest {
    path: string;
    verb: string;
    body: unknown;
    headers: Record<string, string>;
  }
  const paypal: {
    core: {
      PayPalEnvironment: new (clientId: string, clientSecret: string, baseUrl: string, webUrl: string) => object;
      PayPalHttpClient: new (environment: object) => {
        execute<T = unknown>(request: PayPalRequest): Promise<{ statusCode: number; result: T }>;
      };
    };
    payouts: {
      PayoutsPostRequest: new () => PayPalRequest & {
        requestBody(body: unknown): PayPalRequest;
        payPalRequestId(id: string): PayPalRequest;
      };
    };
  };
  export default paypal;
}
