import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../../server/src/config/load-config';
import { createTokenCipher, keyId } from '../../../server/src/auth/token-cipher';
import { exposureWarning, isLoopback } from '../../../server/src/cli/start-command';
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
  let cipher: ReturnType<typeof createTokenCipher>;
  beforeEach(() => {
    cipher = createTokenCipher(randomBytes(32));
  });

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
    expect(() => createTokenCipher(null).encrypt('token', 'acme')).toThrow(expect.objectContaining({ code: 'encryption_key_missing', message: expect.stringContaining('TOKEN_ENCRYPTION_KEY must be set') }));
  });
});

describe('an unsafe setup is refused or warned about', () => {
  const hexKey = randomBytes(32).toString('hex');

  it('requires the token key in production, and takes only real 32-byte keys', () => {
    expect(() => loadConfig({ MODE: 'production' })).toThrow(expect.objectContaining({ code: 'config_invalid', issues: [expect.objectContaining({ path: 'TOKEN_ENCRYPTION_KEY' })] }));
    expect(loadConfig({ MODE: 'production', TOKEN_ENCRYPTION_KEY: hexKey }).tokenKey).toEqual(Buffer.from(hexKey, 'hex'));
    // A passphrase of base64's length, base64 without its padding, and 31 bytes are not keys.
    for (const bad of ['correct-horse-battery-staple-passphrase-xyz', 'a'.repeat(43), randomBytes(32).toString('base64').slice(0, 43), randomBytes(31).toString('base64'), randomBytes(32).toString('base64url'), hexKey.slice(2)]) {
      expect(() => loadConfig({ TOKEN_ENCRYPTION_KEY: bad })).toThrow(expect.objectContaining({ code: 'config_invalid' }));
    }
    const previous = [randomBytes(32), randomBytes(32)];
    expect(loadConfig({ TOKEN_ENCRYPTION_KEYS_PREVIOUS: previous.map((k) => k.toString('base64')).join(', ') }).previousTokenKeys).toEqual(previous);
    expect(() => loadConfig({ TOKEN_ENCRYPTION_KEYS_PREVIOUS: `${hexKey},short` })).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });

  it('listens on this machine only in demo mode unless HOST says otherwise, and warns when the demo is exposed', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ MODE: 'production', TOKEN_ENCRYPTION_KEY: hexKey }).host).toBe('0.0.0.0');
    const exposed = loadConfig({ HOST: '0.0.0.0' });
    expect(exposed).toMatchObject({ host: '0.0.0.0', hostExplicit: true });
    expect(exposureWarning(exposed)).toContain('admin');
    expect(exposureWarning(loadConfig({}))).toBeNull();
    expect(exposureWarning(loadConfig({ HOST: '::1' }))).toBeNull();
    expect(exposureWarning(loadConfig({ MODE: 'production', HOST: '0.0.0.0', TOKEN_ENCRYPTION_KEY: hexKey }))).toBeNull();
    expect(isLoopback('127.0.0.53')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });
});

describe('sealed tokens are read strictly, and keys rotate', () => {
  let key: Buffer;
  let cipher: ReturnType<typeof createTokenCipher>;
  beforeEach(() => {
    key = randomBytes(32);
    cipher = createTokenCipher(key);
  });

  it('refuses a truncated tag, an extra part, a changed version or key id, and altered base64', () => {
    const sealed = cipher.encrypt('token', 'acme');
    const [v, id, iv, tag, body] = sealed.split('.') as [string, string, string, string, string];
    const shortTag = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
    // The tag's last character carries 4 unused bits: changing only those is not canonical.
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const lastBits = tag.slice(0, -1) + ALPHABET[ALPHABET.indexOf(tag[tag.length - 1]!) ^ 1];
    expect(Buffer.from(lastBits, 'base64url')).toEqual(Buffer.from(tag, 'base64url'));
    for (const bad of [
      [v, id, iv, lastBits, body].join('.'),
      [v, '', iv, tag, body].join('.'),
      [v, id, Buffer.alloc(16).toString('base64url'), tag, body].join('.'),
      [v, id, iv, shortTag, body].join('.'),
      `${sealed}.extra`,
      ['v1', id, iv, tag, body].join('.'),
      [v, id, `${iv}=`, tag, body].join('.'),
      [v, id, iv, tag, `${body}*`].join('.'),
      [v, id, iv.slice(0, -1), tag, body].join('.'),
    ]) {
      expect(() => cipher.decrypt(bad, 'acme')).toThrow(expect.objectContaining({ code: 'internal', message: 'stored token has an unknown format' }));
    }
    // Another key id is a key not configured, said so.
    expect(() => cipher.decrypt(['v2', 'AAAAAAAAAAA', iv, tag, body].join('.'), 'acme')).toThrow(expect.objectContaining({ code: 'encryption_key_missing', message: expect.stringContaining('TOKEN_ENCRYPTION_KEYS_PREVIOUS') }));
    expect(cipher.decrypt(sealed, 'acme')).toBe('token');
  });

  it('names a key by a fixed fingerprint (stored tokens depend on it), never the key', () => {
    expect(keyId(Buffer.alloc(32, 7))).toBe(keyId(Buffer.alloc(32, 7)));
    expect(keyId(Buffer.alloc(32, 7))).toMatchInlineSnapshot(`"MqCH4RKsaWQ"`);
    expect(keyId(Buffer.alloc(32, 8))).not.toBe(keyId(Buffer.alloc(32, 7)));
  });

  it('refuses a tampered token as a failed authentication, keeping the cause', () => {
    const sealed = cipher.encrypt('token', 'acme');
    const error = (() => {
      try {
        cipher.decrypt(sealed, 'globex');
      } catch (e) {
        return e as AppError;
      }
      throw new Error('expected a refusal');
    })();
    expect(error).toMatchObject({ code: 'internal', message: 'stored token failed authentication' });
    expect(error.cause).toEqual(expect.objectContaining({ message: expect.stringContaining('authenticate') }));
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => createTokenCipher(randomBytes(31))).toThrow(expect.objectContaining({ code: 'config_invalid', message: 'a token encryption key must be 32 bytes' }));
    expect(() => createTokenCipher({ current: key, previous: [randomBytes(16)] })).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });

  it('opens tokens sealed with a previous key, seals only with the current one, and says which need sealing again', () => {
    const next = randomBytes(32);
    const rotated = createTokenCipher({ current: next, previous: [key] });
    const old = cipher.encrypt('old-token', 'acme');
    expect(rotated.decrypt(old, 'acme')).toBe('old-token');
    expect(rotated.isStale(old)).toBe(true);
    const fresh = rotated.encrypt('new-token', 'acme');
    expect(rotated.isStale(fresh)).toBe(false);
    expect(fresh.split('.')[1]).toBe(keyId(next));
    expect(() => cipher.decrypt(fresh, 'acme')).toThrow(expect.objectContaining({ code: 'encryption_key_missing' }));
    // With no current key every token is stale: it must be sealed again once a key is set.
    expect(createTokenCipher({ current: null, previous: [key] }).isStale(old)).toBe(true);
    expect(createTokenCipher({ current: null, previous: [key] }).decrypt(old, 'acme')).toBe('old-token');
    // The key id names the key without revealing it.
    expect(keyId(next)).not.toContain(next.toString('base64url').slice(0, 6));
  });
});
