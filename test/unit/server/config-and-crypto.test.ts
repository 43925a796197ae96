import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../../server/src/config/load-config';
import { createTokenCipher } from '../../../server/src/auth/token-cipher';
import { AppError } from '../../../server/src/errors/app-error';

describe('configuration', () => {
  it('has working defaults for a fresh machine: demo mode on the embedded store', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({ port: 3000, mode: 'demo', databaseUrl: null, dataDir: '/srv/app/.data', tokenKey: null });
  });

  it('names every bad variable in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', MODE: 'prod', DATABASE_URL: 'mysql://x', TOKEN_ENCRYPTION_KEY: 'short' });
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const error = e as AppError;
      expect(error.code).toBe('config_invalid');
      expect(error.issues!.map((i) => i.path).sort()).toEqual(['DATABASE_URL', 'MODE', 'PORT', 'TOKEN_ENCRYPTION_KEY']);
      expect(error.message).toContain('PORT');
      expect(error.message).toContain('TOKEN_ENCRYPTION_KEY');
    }
  });

  it('accepts a 32-byte key as hex or base64', () => {
    const key = randomBytes(32);
    expect(loadConfig({ TOKEN_ENCRYPTION_KEY: key.toString('hex') }).tokenKey).toEqual(key);
    expect(loadConfig({ TOKEN_ENCRYPTION_KEY: key.toString('base64') }).tokenKey).toEqual(key);
  });
});

describe('token encryption at rest', () => {
  const cipher = createTokenCipher(randomBytes(32));

  it('round-trips and never stores the token in clear', () => {
    const sealed = cipher.encrypt('pat-na1-secret-token', 'acme');
    expect(sealed).not.toContain('secret');
    expect(cipher.decrypt(sealed, 'acme')).toBe('pat-na1-secret-token');
    expect(cipher.encrypt('same', 'acme')).not.toBe(cipher.encrypt('same', 'acme'));
  });

  it('refuses a token moved to another tenant, a tampered token and another key', () => {
    const sealed = cipher.encrypt('token', 'acme');
    expect(() => cipher.decrypt(sealed, 'globex')).toThrow(AppError);
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => cipher.decrypt([v, iv, tag, flipped.toString('base64url')].join('.'), 'acme')).toThrow(AppError);
    expect(() => createTokenCipher(randomBytes(32)).decrypt(sealed, 'acme')).toThrow(AppError);
  });

  it('refuses to store tokens without a key', () => {
    expect(() => createTokenCipher(null).encrypt('token', 'acme')).toThrow(expect.objectContaining({ code: 'encryption_key_missing' }));
  });
});
