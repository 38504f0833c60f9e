import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/server/auth/passwords';

const cheap = { N: 1024, r: 8, p: 1 };

describe('passwords', () => {
  it('hash with a random salt and the parameters in the stored string', async () => {
    const a = await hashPassword('correct horse battery staple', cheap);
    const b = await hashPassword('correct horse battery staple', cheap);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('verify the right password and refuse a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple', cheap);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treat a composed and a decomposed accent as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait please', cheap);
    expect(await verifyPassword('cafe\u0301 au lait please', stored)).toBe(true);
  });

  it('answer false, never throw, for a missing admin or a corrupt hash', async () => {
    expect(await verifyPassword('anything at all', undefined)).toBe(false);
    expect(await verifyPassword('anything at all', 'bcrypt$whatever')).toBe(false);
    expect(await verifyPassword('anything at all', 'scrypt$x$8$1$salt$key')).toBe(false);
    const valid = await hashPassword('anything at all', cheap);
    for (const params of ['3$8$1', `${2 ** 30}$8$1`, '1024$0$1', '1024$8$99']) {
      const corrupt = valid.replace('1024$8$1', params);
      expect(await verifyPassword('anything at all', corrupt)).toBe(false);
    }
  });

  it('use the default (strong) parameters when none are given', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
  });
});
