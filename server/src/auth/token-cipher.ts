import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error';

/**
 * Encrypts CRM tokens at rest with AES-256-GCM. The stored form is
 * `v2.<key id>.<iv>.<tag>.<ciphertext>` (base64url, a 12-byte iv and a 16-byte tag); the tenant
 * id is bound as associated data, so a token copied into another tenant's row does not decrypt.
 *
 * Key rotation: tokens are always sealed with the current key; any key in `previous` still
 * opens what it sealed (the key id says which), so old keys can be retired once every token has
 * been written again under the current one.
 */
export interface TokenCipher {
  encrypt(plain: string, tenantId: string): string;
  decrypt(sealed: string, tenantId: string): string;
  /** Whether a sealed token was sealed with an older key (and should be sealed again). */
  isStale(sealed: string): boolean;
}

export interface TokenKeys {
  current: Buffer | null;
  previous?: readonly Buffer[];
}

const VERSION = 'v2';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A short public name of a key: the first 8 bytes of its SHA-256, base64url. Never the key. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('balanced-scorecard token key\0').update(key).digest().subarray(0, 8).toString('base64url');
}

export function createTokenCipher(keys: TokenKeys | Buffer | null): TokenCipher {
  const { current, previous = [] } = keys === null || Buffer.isBuffer(keys) ? { current: keys } : keys;
  for (const key of [current, ...previous]) {
    if (key !== null && key.length !== 32) throw new AppError('config_invalid', 'a token encryption key must be 32 bytes');
  }
  const byId = new Map<string, Buffer>();
  for (const key of previous) byId.set(keyId(key), key);
  if (current) byId.set(keyId(current), current);
  const need = (): Buffer => {
    if (!current) throw new AppError('encryption_key_missing', 'TOKEN_ENCRYPTION_KEY must be set (32 bytes) to store CRM tokens');
    return current;
  };
  return {
    encrypt(plain, tenantId) {
      const key = need();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(tenantId));
      const body = Buffer.concat([cipher.update(Buffer.from(plain)), cipher.final()]);
      return [VERSION, keyId(key), iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed, tenantId) {
      const { id, iv, tag, body } = parseSealed(sealed);
      const key = byId.get(id);
      if (!key) throw new AppError('encryption_key_missing', 'the key that sealed this token is not configured (TOKEN_ENCRYPTION_KEY or TOKEN_ENCRYPTION_KEYS_PREVIOUS)');
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(tenantId));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new AppError('internal', 'stored token failed authentication', { cause });
      }
    },
    isStale(sealed) {
      return current === null || parseSealed(sealed).id !== keyId(current);
    },
  };
}

/** The parts of a sealed token, each checked strictly: the version, five parts, canonical base64url, an iv and a tag of their exact lengths. */
function parseSealed(sealed: string): { id: string; iv: Buffer; tag: Buffer; body: Buffer } {
  const parts = sealed.split('.');
  const bad = () => new AppError('internal', 'stored token has an unknown format');
  if (parts.length !== 5 || parts[0] !== VERSION) throw bad();
  const [, id, ivText, tagText, bodyText] = parts as [string, string, string, string, string];
  const decoded = [ivText, tagText, bodyText].map((text) => {
    const bytes = Buffer.from(text, 'base64url');
    // Decoding skips what is not base64url and ignores unused bits: only the canonical text round-trips.
    if (bytes.toString('base64url') !== text) throw bad();
    return bytes;
  });
  const [iv, tag, body] = decoded as [Buffer, Buffer, Buffer];
  if (id.length === 0 || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw bad();
  return { id, iv, tag, body };
}
