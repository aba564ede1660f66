import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cookieHeader, cookieLogin } from '../support/cookie-jar.js';
import { userWithRole } from '../support/accounts.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { EchoApp, type RunningProxy, send } from './proxy-harness.js';

type StartProxy = (dir: string, gatehousePort: number, appPort: number) => Promise<RunningProxy>;

/**
 * The checks of issue 19, run through a real proxy binary configured with the example from docs/examples, in front
 * of a real Gatehouse (cookie mode on, so both credentials are tried; TRUST_PROXY=loopback as docs/proxies.md says)
 * and an app that echoes what reached it.
 */
export function describeForwardAuthThrough(proxyName: string, startProxy: StartProxy, promises: { gatehouseDown: number }) {
  describe(`forward-auth through ${proxyName}`, () => {
    let t: TestApp;
    let app: EchoApp;
    let proxy: RunningProxy;
    let dir: string;
    const through = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
      send(proxy.port, method, path, headers, body);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `gatehouse-${proxyName}-`));
      t = await startApp({ AUTH_COOKIES: 'true', TRUST_PROXY: 'loopback' });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const gatehousePort = (t.app.getHttpServer().address() as { port: number }).port;
      app = await EchoApp.start();
      proxy = await startProxy(dir, gatehousePort, app.port);
    });
    afterAll(async () => {
      await proxy?.stop();
      await app?.close();
      await t?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers 401 with the Bearer challenge and never reaches the app without a token', async () => {
      const before = app.seen.length;
      const res = await through('GET', '/page');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="gatehouse"/);
      const junk = await through('GET', '/page', { authorization: 'Bearer x.y.z' });
      expect(junk.status).toBe(401);
      expect(junk.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(app.seen.length).toBe(before);
    });

    it('passes a good token with the identity headers to the app', async () => {
      const u = await t.user();
      const res = await through('GET', '/page', { authorization: u.auth });
      expect(res.status).toBe(200);
      expect(res.upstream?.headers['x-auth-user-id']).toBe(u.id);
      expect(res.upstream?.headers['x-auth-roles']).toBe('user');
    });

    it('answers 403 on a route that needs a role the token lacks, and lets the role holder in', async () => {
      const u = await t.user();
      const denied = await through('GET', '/admin/settings', { authorization: u.auth });
      expect(denied.status).toBe(403);
      expect(denied.upstream).toBeUndefined();
      const admin = await t.admin();
      const allowed = await through('GET', '/admin/settings', { authorization: admin.auth });
      expect(allowed.status).toBe(200);
      expect(allowed.upstream?.headers['x-auth-roles']).toContain('admin');
      const editor = await userWithRole(t, 'editor');
      expect((await through('GET', '/admin/settings', { authorization: editor.auth })).status).toBe(403);
    });

    it('refuses a logged-out token at the very next request', async () => {
      const u = await t.user();
      expect((await through('GET', '/page', { authorization: u.auth })).status).toBe(200);
      await t.http().post('/auth/logout').set('Authorization', u.auth).expect(204);
      expect((await through('GET', '/page', { authorization: u.auth })).status).toBe(401);
    });

    it("passes the client's query string on to the app, whatever its parameters (role included)", async () => {
      const u = await t.user();
      const res = await through('GET', '/search?q=1&page=2&role=admin&sort=', { authorization: u.auth });
      expect(res.status).toBe(200);
      expect(res.upstream?.url).toBe('/search?q=1&page=2&role=admin&sort=');
      expect(res.upstream?.headers['x-auth-roles']).toBe('user');
    });

    it('passes a POST with its body, and the next requests on the kept-alive auth connection still pass', async () => {
      const u = await t.user();
      const body = JSON.stringify({ title: 'hello', padding: 'x'.repeat(3000) });
      const post = await through('POST', '/items', { authorization: u.auth, 'content-type': 'application/json' }, body);
      expect(post.status).toBe(200);
      expect(post.upstream).toMatchObject({ method: 'POST', body });
      for (let i = 0; i < 3; i++) expect((await through('GET', '/page', { authorization: u.auth })).status).toBe(200);
      const put = await through('PUT', '/items/1', { authorization: u.auth, 'content-type': 'application/json' }, '{"a":1}');
      expect(put.upstream).toMatchObject({ method: 'PUT', body: '{"a":1}' });
    });

    it('answers HEAD through the proxy', async () => {
      const u = await t.user();
      expect((await through('HEAD', '/page', { authorization: u.auth })).status).toBe(200);
      expect((await through('HEAD', '/page')).status).toBe(401);
    });

    it('in cookie mode, stops a cross-site POST without the CSRF header before the app, and passes it with the header', async () => {
      const s = await cookieLogin(t);
      const cookie = cookieHeader({ at: s.at, csrf: s.csrf });
      const before = app.seen.length;
      const forged = await through('POST', '/items', { cookie, 'content-type': 'application/json', origin: 'https://evil.example' }, '{}');
      expect(forged.status).toBe(403);
      expect(app.seen.length).toBe(before);
      for (const method of ['PUT', 'PATCH', 'DELETE']) expect((await through(method, '/items/1', { cookie })).status).toBe(403);
      const real = await through('POST', '/items', { cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, '{}');
      expect(real.status).toBe(200);
      expect(real.upstream?.headers['x-auth-user-id']).toBeDefined();
      // A safe method needs no CSRF token.
      expect((await through('GET', '/page', { cookie })).status).toBe(200);
    });

    it('lets a CORS preflight through without credentials, with no identity, but not a bare OPTIONS', async () => {
      const preflight = await through('OPTIONS', '/items', {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      });
      expect(preflight.status).toBe(200);
      expect(preflight.upstream?.method).toBe('OPTIONS');
      expect(preflight.upstream?.headers['x-auth-user-id']).toBeUndefined();
      expect((await through('OPTIONS', '/items')).status).toBe(401);
      // A preflight's OPTIONS does not open the real request: the POST after it still needs a token.
      expect((await through('POST', '/items', { 'access-control-request-method': 'POST' }, '{}')).status).toBe(401);
    });

    it('never lets a client-sent identity header reach the app, in either spelling', async () => {
      const u = await t.user();
      const forged = {
        authorization: u.auth,
        'X-Auth-User-Id': '00000000-0000-4000-8000-000000000000',
        'X-Auth-User_id': '00000000-0000-4000-8000-000000000000',
        X_Auth_User_Id: '00000000-0000-4000-8000-000000000000',
        'X-Auth-Roles': 'admin',
        'X-Auth_Roles': 'admin',
      };
      const res = await through('GET', '/page', forged);
      expect(res.status).toBe(200);
      expect(res.upstream?.headers['x-auth-user-id']).toBe(u.id);
      expect(res.upstream?.headers['x-auth-roles']).toBe('user');
      const names = (res.upstream?.rawHeaderNames ?? []).map((n) => n.toLowerCase().replaceAll('_', '-'));
      expect(names.filter((n) => n === 'x-auth-user-id')).toHaveLength(1);
      expect(names.filter((n) => n === 'x-auth-roles')).toHaveLength(1);
      // A preflight passes without an identity: a forged one must not ride along with it.
      const preflight = await through('OPTIONS', '/items', { ...forged, authorization: '', 'access-control-request-method': 'POST' });
      expect(preflight.status).toBe(200);
      const preflightNames = (preflight.upstream?.rawHeaderNames ?? []).map((n) => n.toLowerCase().replaceAll('_', '-'));
      expect(preflightNames.filter((n) => n.startsWith('x-auth-'))).toEqual([]);
    });

    // Last: it stops Gatehouse.
    it(`answers ${promises.gatehouseDown} with Retry-After when Gatehouse is down`, async () => {
      const u = await t.user();
      await t.close();
      const res = await through('GET', '/page', { authorization: u.auth });
      expect(res.status).toBe(promises.gatehouseDown);
      expect(res.headers['retry-after']).toBe('5');
      expect(JSON.parse(res.body)).toMatchObject({ statusCode: 503, code: 'AUTH_UNAVAILABLE' });
      expect(res.upstream).toBeUndefined();
    });
  });
}
