/**
 * A client flow written only against the types that openapi-typescript generates from openapi.json
 * (test/client/gatehouse-api.ts) and openapi-fetch, as a client author would write it. It imports nothing else from
 * this repository, so test/generated-client.e2e-spec.ts can type-check it on its own under `strict`: a field, status
 * or error code the document does not describe is a compile error here.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './gatehouse-api.js';

type ErrorCode = components['schemas']['ErrorResponseDto']['code'];

export interface FlowAccount {
  email: string;
  password: string;
}

/** What the flow saw, for the test to assert on (the calls themselves throw on any surprise). */
export interface FlowResult {
  userId: string;
  articleId: string;
  sessionsSeen: number;
  errorCodes: ErrorCode[];
}

function fail(step: string, status: number, body: unknown): never {
  throw new Error(`${step}: unexpected ${status} ${JSON.stringify(body)}`);
}

export async function runClientFlow(baseUrl: string, user: FlowAccount, admin: FlowAccount, middleware: Middleware): Promise<FlowResult> {
  const anonymous = createClient<paths>({ baseUrl });
  anonymous.use(middleware);
  const as = (accessToken: string) => {
    const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${accessToken}` } });
    client.use(middleware);
    return client;
  };
  const errorCodes: ErrorCode[] = [];
  const expectError = (step: string, status: number, result: { error?: { code: ErrorCode }; response: Response }, code: ErrorCode) => {
    if (result.response.status !== status || result.error?.code !== code) fail(step, result.response.status, result.error);
    errorCodes.push(result.error.code);
  };

  // Register, and the error cases of registering.
  const registered = await anonymous.POST('/auth/register', { body: { email: user.email, password: user.password } });
  if (!registered.data) fail('register', registered.response.status, registered.error);
  const userId: string = registered.data.id;
  expectError('register twice', 409, await anonymous.POST('/auth/register', { body: user }), 'AUTH_EMAIL_TAKEN');
  expectError('register invalid', 400, await anonymous.POST('/auth/register', { body: { email: 'not-an-email', password: 'x' } }), 'REQUEST_INVALID');

  // Log in (body delivery), and a wrong password.
  const login = await anonymous.POST('/auth/login', { body: user, params: { header: { 'X-Token-Delivery': 'body' } } });
  if (!login.data || !('accessToken' in login.data)) fail('login', login.response.status, login.error);
  let tokens = login.data;
  expectError(
    'wrong password',
    401,
    await anonymous.POST('/auth/login', { body: { ...user, password: 'wrong password!' } }),
    'AUTH_INVALID_CREDENTIALS',
  );

  // Who am I; without a token.
  const me = await as(tokens.accessToken).GET('/auth/me');
  if (me.data?.id !== userId || me.data.roles.join() !== 'user') fail('me', me.response.status, me.error);
  expectError('me anonymous', 401, await anonymous.GET('/auth/me'), 'AUTH_TOKEN_MISSING');
  expectError('me junk', 401, await as('x.y.z').GET('/auth/me'), 'AUTH_TOKEN_INVALID');

  // Refresh rotates the pair.
  const refreshed = await anonymous.POST('/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
  if (!refreshed.data || !('refreshToken' in refreshed.data)) fail('refresh', refreshed.response.status, refreshed.error);
  tokens = refreshed.data;

  // Sessions: a page of them, with the total in a header.
  const sessions = await as(tokens.accessToken).GET('/auth/sessions', { params: { query: { page: 1, limit: 10 } } });
  if (!sessions.data || !sessions.data.some((s) => s.current)) fail('sessions', sessions.response.status, sessions.error);
  const sessionsSeen = Number(sessions.response.headers.get('X-Total-Count'));
  expectError('bad paging', 400, await as(tokens.accessToken).GET('/auth/sessions', { params: { query: { page: 0 } } }), 'REQUEST_INVALID');

  // Forward-auth, as a proxy would ask.
  const verify = await as(tokens.accessToken).GET('/auth/verify', { params: { query: { role: 'user' } } });
  if (verify.data?.sub !== userId || verify.response.headers.get('X-Auth-User-Id') !== userId) fail('verify', verify.response.status, verify.error);
  expectError('verify admin', 403, await as(tokens.accessToken).GET('/auth/verify', { params: { query: { role: 'admin' } } }), 'AUTH_FORBIDDEN');

  // Articles: write, read, edit, the error cases, delete.
  const author = as(tokens.accessToken);
  const created = await author.POST('/articles', { body: { title: 'Generated clients', body: 'They type-check.' } });
  if (!created.data) fail('create article', created.response.status, created.error);
  const articleId = created.data.id;
  const page = await anonymous.GET('/articles', { params: { query: { page: 1, limit: 5 } } });
  if (!page.data || page.data.page !== 1) fail('list articles', page.response.status, page.error);
  const read = await author.GET('/articles/{id}', { params: { path: { id: articleId } } });
  if (read.data?.title !== 'Generated clients') fail('read article', read.response.status, read.error);
  const edited = await author.PATCH('/articles/{id}', { params: { path: { id: articleId } }, body: { title: 'Generated clients, edited' } });
  if (edited.data?.title !== 'Generated clients, edited') fail('edit article', edited.response.status, edited.error);
  const missing = '00000000-0000-4000-8000-000000000000';
  expectError('missing article', 404, await author.GET('/articles/{id}', { params: { path: { id: missing } } }), 'ARTICLE_NOT_FOUND');
  expectError('publish as user', 403, await author.POST('/articles/{id}/publish', { params: { path: { id: articleId } } }), 'AUTH_FORBIDDEN');
  const huge = await author.POST('/articles', { body: { title: 'big', body: 'x'.repeat(200 * 1024) } });
  expectError('huge body', 413, huge, 'PAYLOAD_TOO_LARGE');
  const removed = await author.DELETE('/articles/{id}', { params: { path: { id: articleId } } });
  if (removed.response.status !== 204) fail('delete article', removed.response.status, removed.error);

  // An admin makes the user an editor: the user's tokens die with the role change.
  const adminLogin = await anonymous.POST('/auth/login', { body: admin });
  if (!adminLogin.data || !('accessToken' in adminLogin.data)) fail('admin login', adminLogin.response.status, adminLogin.error);
  const asAdmin = as(adminLogin.data.accessToken);
  const users = await asAdmin.GET('/users', { params: { query: { limit: 100 } } });
  if (!users.data || users.data.total < 2) fail('list users', users.response.status, users.error);
  expectError('users as user', 403, await author.GET('/users'), 'AUTH_FORBIDDEN');
  const promoted = await asAdmin.PATCH('/users/{id}/roles', { params: { path: { id: userId } }, body: { roles: ['user', 'editor'] } });
  if (!promoted.data?.roles.includes('editor')) fail('promote', promoted.response.status, promoted.error);
  expectError('token after role change', 401, await author.GET('/auth/me'), 'AUTH_TOKEN_INVALID');
  expectError(
    'old refresh token',
    401,
    await anonymous.POST('/auth/refresh', { body: { refreshToken: tokens.refreshToken } }),
    'AUTH_REFRESH_INVALID',
  );

  // Log in again as an editor, log out, and the token is dead at once.
  const again = await anonymous.POST('/auth/login', { body: user });
  if (!again.data || !('accessToken' in again.data)) fail('login again', again.response.status, again.error);
  const editor = as(again.data.accessToken);
  const loggedOut = await editor.POST('/auth/logout');
  if (loggedOut.response.status !== 204) fail('logout', loggedOut.response.status, loggedOut.error);
  expectError('me after logout', 401, await editor.GET('/auth/me'), 'AUTH_TOKEN_INVALID');

  // Public documents.
  const jwks = await anonymous.GET('/.well-known/jwks.json');
  if (!jwks.data || jwks.data.keys.some((key) => key.use !== 'sig')) fail('jwks', jwks.response.status, jwks.error);

  return { userId, articleId, sessionsSeen, errorCodes };
}
