/**
 * Entry: loads the runtime config and the language, then renders the app inside wagmi, TanStack Query,
 * RainbowKit (its locale follows the language switcher) and the data context (direct chain reads, or the subgraph
 * with chain fallback when `config.json` names a subgraph URL).
 */
import "@rainbow-me/rainbowkit/styles.css";
import "./styles.css";

import { lightTheme, RainbowKitProvider } from "@rainbow-me/rainbowkit";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, useMemo, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { I18nextProvider, useTranslation } from "react-i18next";
import { WagmiProvider, type Config } from "wagmi";

import { App } from "./App.tsx";
import { loadRuntimeConfig, type RuntimeConfig } from "./config/runtime.ts";
import { createWagmiConfig } from "./config/wagmi.ts";
import { createDataSource, type DataSource } from "./data/dataSource.ts";
import { DataContext } from "./data/hooks.ts";
import { createI18n, initialLanguage, LANGUAGES, savedLanguage } from "./i18n/index.ts";

/**
 * RainbowKit's light theme with a darker accent: its default blue (#0E76FD) under white text is 4.2:1, below the
 * 4.5:1 WCAG AA contrast for normal text (axe flags the "Connect Wallet" button); #1D4ED8 is 6.7:1.
 */
const WALLET_THEME = lightTheme({ accentColor: "#1d4ed8" });

/** RainbowKit in the switcher's language. */
function LocalizedRainbowKit({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = LANGUAGES.find((entry) => entry.code === i18n.language)?.rainbowKit ?? "en-US";
  return (
    <RainbowKitProvider locale={locale} theme={WALLET_THEME}>
      {children}
    </RainbowKitProvider>
  );
}

interface ProvidersProps {
  runtime: RuntimeConfig;
  source: DataSource;
  wagmi: Config;
  children: ReactNode;
}

function Providers({ runtime, source, wagmi, children }: ProvidersProps) {
  const queryClient = useMemo(() => new QueryClient({ defaultOptions: { queries: { retry: 1 } } }), []);
  const data = useMemo(() => ({ ...source, runtime }), [source, runtime]);
  return (
    <WagmiProvider config={wagmi}>
      <QueryClientProvider client={queryClient}>
        <LocalizedRainbowKit>
          <DataContext.Provider value={data}>{children}</DataContext.Provider>
        </LocalizedRainbowKit>
      </QueryClientProvider>
    </WagmiProvider>
  );
}

async function start(): Promise<void> {
  const root = createRoot(document.getElementById("root")!);
  const i18n = await createI18n(initialLanguage(savedLanguage(), navigator.languages));
  try {
    const runtime = await loadRuntimeConfig();
    const [wagmi, source] = await Promise.all([createWagmiConfig(runtime), createDataSource(runtime)]);
    root.render(
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <Providers runtime={runtime} source={source} wagmi={wagmi}>
            <App />
          </Providers>
        </I18nextProvider>
      </StrictMode>,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    root.render(<p role="alert">{i18n.t("app.configError", { message })}</p>);
  }
}

void start();
