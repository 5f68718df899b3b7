/**
 * The shell: header with navigation, language and wallet, the current route's page (each its own chunk), and a
 * footer saying which data source served the page.
 */
import { ConnectButton } from "@rainbow-me/rainbowkit";
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { DataSourceNotice } from "./components/DataSourceNotice.tsx";
import { LanguageSwitcher } from "./components/LanguageSwitcher.tsx";
import { parseRoute, routeHash } from "./lib/route.ts";

const Discover = lazy(() => import("./pages/Discover.tsx"));
const Campaign = lazy(() => import("./pages/Campaign.tsx"));
const Portfolio = lazy(() => import("./pages/Portfolio.tsx"));
const Legal = lazy(() => import("./pages/Legal.tsx"));
const Studio = lazy(() => import("./pages/Studio.tsx"));
const Operator = lazy(() => import("./pages/Operator.tsx"));

/** The current hash route, updated on navigation. */
function useRoute() {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}

/** The application. */
export function App() {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
  return (
    <>
      <header>
        <div>
          <h1>
            <a href={routeHash({ page: "discover" })}>Encore</a>
          </h1>
          <p>{t("app.tagline")}</p>
        </div>
        <nav aria-label={t("nav.main")}>
          <a href={routeHash({ page: "discover" })} aria-current={route.page === "discover" ? "page" : undefined}>
            {t("nav.discover")}
          </a>
          <a
            href={routeHash({ page: "portfolio" })}
            data-testid="nav-portfolio"
            aria-current={route.page === "portfolio" ? "page" : undefined}
          >
            {t("nav.portfolio")}
          </a>
          <a
            href={routeHash({ page: "studio" })}
            data-testid="nav-studio"
            aria-current={route.page === "studio" ? "page" : undefined}
          >
            {t("nav.studio")}
          </a>
          <a
            href={routeHash({ page: "operator" })}
            data-testid="nav-operator"
            aria-current={route.page === "operator" ? "page" : undefined}
          >
            {t("nav.operator")}
          </a>
          <a
            href={routeHash({ page: "legal" })}
            data-testid="nav-legal"
            aria-current={route.page === "legal" ? "page" : undefined}
          >
            {t("nav.legal")}
          </a>
        </nav>
        <LanguageSwitcher />
        <ConnectButton showBalance={false} chainStatus="none" />
      </header>
      <main>
        <Suspense fallback={<p role="status">{t("app.loading")}</p>}>
          {route.page === "discover" && <Discover />}
          {route.page === "campaign" && <Campaign id={route.id} />}
          {route.page === "portfolio" && <Portfolio />}
          {route.page === "legal" && <Legal />}
          {route.page === "studio" && <Studio />}
          {route.page === "operator" && <Operator />}
        </Suspense>
      </main>
      <footer>
        <DataSourceNotice />
      </footer>
    </>
  );
}
