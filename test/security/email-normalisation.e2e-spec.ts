import { ADMIN_EMAIL, PASSWORD, startApp, uniqueEmail, type TestApp } from '../support/test-app.js';

const KELVIN = '\u212a'; // KELVIN SIGN: lower-cases to "k", and NFKC maps it to "K"
/** The same address in fullwidth Latin letters (U+FF41...), which NFKC maps back to ASCII. */
const fullwidth = (ascii: string) => ascii.replace(/[a-z]/g, (c) => String.fromCodePoint(c.codePointAt(0)! - 0x61 + 0xff41));

// E-mail addresses used to be only trimmed and lower-cased. A Unicode compatibility form (fullwidth letters,
// ligatures, the Kelvin sign) then either registered an account that looks like another one (ａdmin@…) or quietly
// became an ASCII address that the registrant never typed (Kelvin sign → "k"). Now the comparison form is NFKC, case
// folded; registration refuses what that normalisation changes, and login finds the account whatever the form.
describe('Unicode compatibility forms in e-mail addresses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ LOGIN_MAX_FAILURES: '3' });
  });
  afterAll(() => t.close());

  const notPlain = (res: { status: number; body: Record<string, unknown> }) => {
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(/email must be written in plain characters/);
  };

  it('refuses a look-alike of the admin address in fullwidth letters, and the admin stays the only such account', async () => {
    const lookalike = fullwidth('admin') + ADMIN_EMAIL.slice('admin'.length);
    notPlain(await t.http().post('/auth/register').send({ email: lookalike, password: PASSWORD }));
    const admin = await t.admin();
    const users = await t.http().get('/users?limit=100').set('Authorization', admin.auth);
    expect(users.body.items.filter((u: { email: string }) => u.email.normalize('NFKC') === ADMIN_EMAIL)).toHaveLength(1);
    // The look-alike reaches the admin account only with the admin's own password.
    expect((await t.http().post('/auth/login').send({ email: lookalike, password: PASSWORD })).status).toBe(401);
  });

  it('refuses a Kelvin-sign address, whether or not its ASCII twin exists, with the same 400', async () => {
    const local = `kate-${Date.now()}`;
    const twinFree = `${KELVIN}${local.slice(1)}@example.com`;
    notPlain(await t.http().post('/auth/register').send({ email: twinFree, password: PASSWORD }));
    // The owner of the ASCII address can still have it.
    const owner = await t
      .http()
      .post('/auth/register')
      .send({ email: `${local}@example.com`, password: PASSWORD });
    expect(owner.status).toBe(201);
    // Once it exists, the Kelvin form neither collides into it (409) nor says that it exists.
    notPlain(await t.http().post('/auth/register').send({ email: twinFree, password: 'another password 1' }));
  });

  it.each([
    ['a ligature', 'e\ufb00ort@example.com'],
    ['a fullwidth @ that would change the address structure', 'a\uff20b@example.com'],
    ['a decomposed accent', 'jose\u0301@example.com'],
    ['a circled letter', '\u24d0da@example.com'],
  ])('refuses %s with a clear 400', async (_case, email) => {
    notPlain(await t.http().post('/auth/register').send({ email, password: PASSWORD }));
  });

  it('still accepts plain non-ASCII addresses, and folds case as before', async () => {
    const unicode = await t
      .http()
      .post('/auth/register')
      .send({ email: `josé-${Date.now()}@exämple.com`, password: PASSWORD });
    expect(unicode.status).toBe(201);
    const mixed = uniqueEmail('Mixed.Case');
    const res = await t.http().post('/auth/register').send({ email: mixed.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.email).toBe(mixed.toLowerCase());
  });

  it('logs a compatibility form into the ASCII account it stands for, and counts its failures there', async () => {
    const user = await t.user(uniqueEmail('kim'));
    const variant = fullwidth(user.email.split('@')[0]) + user.email.slice(user.email.indexOf('@'));
    const login = await t.http().post('/auth/login').send({ email: variant, password: PASSWORD });
    expect(login.status).toBe(200);
    const me = await t.http().get('/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(me.body).toMatchObject({ id: user.id, email: user.email });

    // Guesses spread over several spellings of one address share one counter (LOGIN_MAX_FAILURES=3).
    const spellings = [variant, user.email.toUpperCase(), variant.toUpperCase()];
    for (const email of spellings) expect((await t.http().post('/auth/login').send({ email, password: 'wrong password' })).status).toBe(401);
    expect((await t.http().post('/auth/login').send({ email: user.email, password: PASSWORD })).status).toBe(429);
  });
});
