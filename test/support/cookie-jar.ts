import type { Response } from 'supertest';
import { PASSWORD, uniqueEmail, type TestApp } from './test-app.js';

export interface SetCookie {
  value: string;
  attributes: string[];
}

/** Set-Cookie headers by cookie name, with lower-cased attributes (e.g. "httponly", "samesite=lax"). */
export function setCookies(res: Response): Record<string, SetCookie> {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const result: Record<string, SetCookie> = {};
  for (const line of raw ?? []) {
    const [pair, ...attributes] = line.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    result[pair.slice(0, eq)] = { value: pair.slice(eq + 1), attributes: attributes.map((a) => a.toLowerCase()) };
  }
  return result;
}

/** Cookie names outside NODE_ENV=development. */
export const AT = '__Host-gatehouse_at';
export const RT = '__Secure-gatehouse_rt';
export const CSRF = '__Host-gatehouse_csrf';

export interface CookieSession {
  email: string;
  at: string;
  rt: string;
  csrf: string;
  /** All three as a Cookie request header. */
  cookie: string;
}

export const cookieHeader = (c: { at?: string; rt?: string; csrf?: string }) =>
  [c.at && `${AT}=${c.at}`, c.rt && `${RT}=${c.rt}`, c.csrf && `${CSRF}=${c.csrf}`].filter(Boolean).join('; ');

/** Registers a new user and logs in asking for cookie delivery (AUTH_COOKIES=true, NODE_ENV=test). */
export async function cookieLogin(t: TestApp, email = uniqueEmail('cookie')): Promise<CookieSession & { res: Response }> {
  await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
  const res = await t.http().post('/auth/login').set('X-Token-Delivery', 'cookie').send({ email, password: PASSWORD }).expect(200);
  const jar = setCookies(res);
  const session = { email, at: jar[AT].value, rt: jar[RT].value, csrf: jar[CSRF].value };
  return { ...session, cookie: cookieHeader(session), res };
}
