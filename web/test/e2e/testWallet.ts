/**
 * An EIP-1193 wallet for the headless browser, installed with `addInitScript`. Like MetaMask it answers
 * `eth_accounts` with `[]` until `eth_requestAccounts`; everything else (signing and sending included) goes to the
 * local node, whose dev accounts are unlocked. `window.__encoreTestWallet.setAccount(address)` switches account
 * and emits `accountsChanged`, as a user switching accounts in their wallet would.
 */

/** Arguments of {@link installTestWallet}. */
export interface TestWalletOptions {
  rpcUrl: string;
  account: string;
}

/** The init script; Playwright serializes it, so it must not close over anything. */
export function installTestWallet({ rpcUrl, account }: TestWalletOptions): void {
  type Listener = (...args: unknown[]) => void;
  const listeners = new Map<string, Set<Listener>>();
  let current = account;
  let connected = false;
  let nextId = 1;
  const emit = (event: string, value: unknown) => listeners.get(event)?.forEach((listener) => listener(value));
  const forward = async (method: string, params: unknown) => {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params: params ?? [] }),
    });
    const body = (await response.json()) as {
      result?: unknown;
      error?: { code: number; message: string; data?: unknown };
    };
    if (body.error)
      throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
    return body.result;
  };
  const provider = {
    request: async ({ method, params }: { method: string; params?: unknown }) => {
      if (method === "eth_requestAccounts") {
        connected = true;
        return [current];
      }
      if (method === "eth_accounts") return connected ? [current] : [];
      if (method === "wallet_requestPermissions") return [{ parentCapability: "eth_accounts" }];
      if (method === "wallet_revokePermissions") {
        connected = false;
        return null;
      }
      return forward(method, params);
    },
    on(event: string, listener: Listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)?.add(listener);
      return provider;
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  Object.assign(window, {
    ethereum: provider,
    __encoreTestWallet: {
      setAccount(address: string) {
        current = address;
        emit("accountsChanged", [address]);
      },
    },
  });
}
