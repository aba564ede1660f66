import { validate } from 'class-validator';
import { emailAddressProblem, IsEmailAddress, normalizeEmail } from './email-address.js';

class Registration {
  @IsEmailAddress()
  email: unknown;
}

describe('normalizeEmail', () => {
  it.each([
    ['  Ada@Example.COM ', 'ada@example.com'],
    ['\u212aate@example.com', 'kate@example.com'],
    ['\uff41dmin@gatehouse.test', 'admin@gatehouse.test'],
    ['e\ufb00ort@example.com', 'effort@example.com'],
    ['jose\u0301@example.com', 'jos\u00e9@example.com'],
    ['\u0130nci@example.com', 'i\u0307nci@example.com'],
  ])('maps %j to %j, and is stable', (raw, normal) => {
    expect(normalizeEmail(raw)).toBe(normal);
    expect(normalizeEmail(normalizeEmail(raw))).toBe(normal);
  });
});

describe('emailAddressProblem', () => {
  it.each(['ada@example.com', 'Ada@Example.com', 'jos\u00e9@ex\u00e4mple.com', '\u0130nci@example.com', '\u7528\u6237@example.com'])(
    'accepts %j',
    (email) => {
      expect(emailAddressProblem(email)).toBeUndefined();
    },
  );

  it.each([
    ['\u212aate@example.com', /plain characters/],
    ['\uff41dmin@gatehouse.test', /plain characters/],
    ['\u2126mega@example.com', /plain characters/],
    ['jose\u0301@example.com', /plain characters/],
    ['a\ud800@example.com', /control characters/],
    ['"a\u0000"@example.com', /control characters/],
    ['not-an-email', /must be an email/],
  ])('refuses %j', (email, reason) => {
    expect(emailAddressProblem(email)).toMatch(reason);
  });

  it('gives @IsEmailAddress() one message naming the problem, and leaves non-strings to @IsString()', async () => {
    const [error] = await validate(Object.assign(new Registration(), { email: '\u212aate@example.com' }));
    expect(Object.values(error.constraints ?? {})).toEqual([expect.stringMatching(/^email must be written in plain characters/)]);
    expect(await validate(Object.assign(new Registration(), { email: 7 }))).toEqual([]);
  });
});
