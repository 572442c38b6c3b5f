/**
 * Who may open a socket. Browsers always send `Origin` on WebSocket upgrades and pages cannot forge it,
 * so refusing web origins is what stops a page in the editor's browser from driving the server.
 * Allowed: no Origin (native clients: UXP, CLI, tests), UXP/plugin schemes, and exact entries of the allow
 * list (`--allow-origin`, FOLEY_ALLOW_ORIGINS; an entry may end in `:*` for any port). Refused: every other
 * origin, including `null` (sandboxed iframes and file:// pages send it) unless it is listed explicitly.
 * The Host header must name the loopback (or the bound host), which defeats DNS-rebinding pages.
 */
const NATIVE_ORIGIN_SCHEMES = new Set(['uxp:', 'uxp-internal:', 'plugin:']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function normalize(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

function matches(origin: string, entry: string): boolean {
  const e = normalize(entry);
  if (e.endsWith(':*')) {
    const prefix = e.slice(0, -1); // keep the ':'
    const rest = origin.slice(prefix.length);
    return origin.startsWith(prefix) && /^\d{1,5}$/.test(rest);
  }
  return origin === e;
}

export function isOriginAllowed(origin: string | undefined, allowList: readonly string[]): boolean {
  if (origin === undefined || origin === '') return true;
  const o = normalize(origin);
  if (allowList.some((entry) => matches(o, entry))) return true;
  if (o === 'null') return false;
  try {
    return NATIVE_ORIGIN_SCHEMES.has(new URL(o).protocol);
  } catch {
    return false;
  }
}

/** true when the Host header names the loopback or the host the server is bound to */
export function isHostAllowed(hostHeader: string | undefined, boundHost: string): boolean {
  if (!hostHeader) return true; // HTTP/1.0 clients; browsers always send Host
  const h = hostHeader.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : (h.split(':')[0] ?? '');
  return LOOPBACK_HOSTS.has(name) || name === boundHost.toLowerCase();
}

/** parses FOLEY_ALLOW_ORIGINS (comma or space separated) */
export function parseOriginList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
