import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error';

/**
 * Encrypts CRM tokens at rest with AES-256-GCM. The stored form is
 * `v1.<iv>.<tag>.<ciphertext>` (base64url); the tenant id is bound as associated data, so a
 * token copied into another tenant's row does not decrypt.
 */
export interface TokenCipher {
  encrypt(plain: string, tenantId: string): string;
  decrypt(sealed: string, tenantId: string): string;
}

export function createTokenCipher(key: Buffer | null): TokenCipher {
  const need = (): Buffer => {
    if (!key || key.length !== 32) throw new AppError('encryption_key_missing', 'TOKEN_ENCRYPTION_KEY must be set (32 bytes) to store CRM tokens');
    return key;
  };
  return {
    encrypt(plain, tenantId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', need(), iv);
      cipher.setAAD(Buffer.from(tenantId, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed, tenantId) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new AppError('internal', 'stored token has an unknown format');
      const decipher = createDecipheriv('aes-256-gcm', need(), Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(tenantId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new AppError('internal', 'stored token failed authentication', { cause });
      }
    },
  };
}
