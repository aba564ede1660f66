import { PasswordHasherService } from './password-hasher.service.js';

describe('PasswordHasherService', () => {
  const hasher = new PasswordHasherService();
  beforeAll(() => hasher.onModuleInit());

  it('hashes with argon2id at OWASP parameters and verifies the right password only', async () => {
    const stored = await hasher.hash('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(hasher.verify(stored, 'correct horse battery')).resolves.toBe(true);
    await expect(hasher.verify(stored, 'correct horse batterY')).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same password')).not.toEqual(await hasher.hash('same password'));
  });

  it('treats a malformed stored hash as a failed verification, not an error', async () => {
    await expect(hasher.verify('not-a-hash', 'whatever1')).resolves.toBe(false);
  });

  it('fails the dummy verification for any password', async () => {
    await expect(hasher.verifyDummy('anything at all')).resolves.toBe(false);
  });
});
