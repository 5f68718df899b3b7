/**
 * Which push service URLs the service will send to. A browser's `PushSubscription.endpoint` is chosen by the client,
 * so without a check a signed-in user could make the service POST to any host it can reach (an internal address, a
 * cloud metadata endpoint): a server-side request forgery. Endpoints must be `https:` URLs on a host of the
 * allow-list (`ENCORE_PUSH_HOSTS`, default {@link DEFAULT_PUSH_HOSTS}); it is checked when a subscription is stored
 * and again before every delivery.
 */

/**
 * The push services of the major browsers: Chrome/Edge (FCM), Firefox (Mozilla autopush), Safari (Apple) and
 * legacy Edge (WNS).
 */
export const DEFAULT_PUSH_HOSTS: readonly string[] = [
  "fcm.googleapis.com",
  "updates.push.services.mozilla.com",
  "*.push.services.mozilla.com",
  "web.push.apple.com",
  "*.push.apple.com",
  "*.notify.windows.com",
];

/** One allow-list entry: `host`, `*.domain` (any subdomain, not the domain itself) or `host:port`. */
export const PUSH_HOST_PATTERN =
  /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$/;

/**
 * Why `endpoint` may not receive pushes, or `undefined` when it may.
 *
 * @param endpoint - The subscription's endpoint URL.
 * @param hosts - Allow-list entries (see {@link PUSH_HOST_PATTERN}); an entry without a port allows only port 443.
 */
export function pushEndpointProblem(endpoint: string, hosts: readonly string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:") return "must be an https: URL";
  if (url.username !== "" || url.password !== "") return "must not carry a user name or password";
  const host = url.host.toLowerCase();
  const allowed = hosts.some((entry) => {
    const pattern = entry.toLowerCase();
    if (!pattern.startsWith("*.")) return host === pattern;
    const suffix = pattern.slice(1);
    return host.endsWith(suffix) && host.length > suffix.length;
  });
  return allowed ? undefined : `host ${host} is not an allowed push service (ENCORE_PUSH_HOSTS)`;
}
