import { isIP } from 'node:net';
import { ConfigError, type Env, int } from './env-values.js';

/** Where the server listens and where clients reach it (docs/proxies.md). */
export interface HttpConfig {
  /** Bind address (HOST): `0.0.0.0` for every IPv4 interface, `127.0.0.1` or `::1` behind a proxy on the same machine. */
  host: string;
  /** PUBLIC_URL: the base URL clients use (the proxy's, behind one); the OpenAPI document's `servers` entry. */
  publicUrl: string;
}

// A hostname as RFC 1123 spells it; an IP literal is checked by isIP.
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function parseHttp(env: Env): HttpConfig {
  const host = env.HOST?.trim() || '0.0.0.0';
  if (!isIP(host) && !HOSTNAME.test(host)) throw new ConfigError(`HOST must be an IP address or a host name to bind to, got "${host}"`);
  const port = int(env, 'PORT', 3000, 0, 65535);
  const raw = env.PUBLIC_URL?.trim() || `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL, got "${raw}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL without query, fragment or credentials, got "${raw}"`);
  }
  return { host, publicUrl: url.href.replace(/\/$/, '') };
}
