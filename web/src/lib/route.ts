/** Hash routes of the dApp: `#/` Discover, `#/campaign/<id>`, `#/portfolio`, `#/legal`, `#/studio`, `#/operator`. */

/** A parsed route. */
export type Route =
  | { page: "discover" }
  | { page: "campaign"; id: bigint }
  | { page: "portfolio" }
  | { page: "legal" }
  | { page: "studio" }
  | { page: "operator" };

/**
 * Parses `location.hash`; anything unknown is Discover.
 *
 * @param hash - e.g. `#/campaign/3`.
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "");
  const campaign = /^\/campaign\/(\d{1,30})$/.exec(path);
  if (campaign) return { page: "campaign", id: BigInt(campaign[1]) };
  if (path === "/portfolio") return { page: "portfolio" };
  if (path === "/legal") return { page: "legal" };
  if (path === "/studio") return { page: "studio" };
  if (path === "/operator") return { page: "operator" };
  return { page: "discover" };
}

/** The hash of a route. */
export function routeHash(route: Route): string {
  if (route.page === "campaign") return `#/campaign/${route.id}`;
  if (route.page === "portfolio") return "#/portfolio";
  if (route.page === "legal") return "#/legal";
  if (route.page === "studio") return "#/studio";
  if (route.page === "operator") return "#/operator";
  return "#/";
}
