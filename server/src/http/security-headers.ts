import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers, worked out once. With static options (no per-request nonces) they
 * do not depend on the request, so every response gets the same list in one pass instead of
 * going through helmet's chain of a dozen middlewares on each request.
 */
export function securityHeaders(options: HelmetOptions): (res: ServerResponse) => void {
  const headers = new Map<string, string>();
  const probe = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name, String(value));
    },
    // Helmet removes X-Powered-By; nothing here sets it.
    removeHeader(name: string) {
      headers.delete(name);
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, probe as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not set its headers synchronously; these options need it per request');
  const list = [...headers];
  return (res) => {
    for (const [name, value] of list) res.setHeader(name, value);
  };
}
