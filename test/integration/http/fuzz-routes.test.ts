import fc from 'fast-check';
import request from 'supertest';
import { ErrorEnvelopeSchema } from '@balanced-scorecard/shared';
import { apiRoutes } from '../../../server/src/http/create-app';
import { createPostgresDatabase, type TestDatabase } from '../../support/databases';
import { startTestService, type TestService } from '../../support/service';

/**
 * Every route, fed arbitrary params, query strings and bodies as several roles, on both stores:
 * the service answers 2xx or a 4xx with the error envelope, never a 5xx. The inputs include what
 * once got through to the store: NUL, lone surrogates, year 0000, offsets beyond ±15:59,
 * `__proto__` and built-in member names as ids, and huge key counts.
 */

const routes = apiRoutes('demo').filter((r) => r.path.startsWith('/api/'));
const users = fc.constantFrom('user-admin', 'user-manager-1', 'user-seller-001', 'user-nobody', '');
/** Text the store cannot hold, and names that are members of every object. */
const nasty = fc.constantFrom('a\u0000b', '\ud800', 'x\udfff', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '0000-01-01T00:00:00Z', '2026-03-01T10:00:00+16:00', '2026-03-01T10:00:00-99:99');
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), nasty);
const segment = fc.oneof(text, fc.constantFrom('seller-001', 'team-1', '%', '%E0%A4%A', '..', 'seller-001%00', ' ', '%00', '%ED%A0%80'));
const queryValue = fc.oneof(fc.string(), fc.constantFrom('month', 'week', 'quarter', '2026-10', '2026-W05', '2026-Q2', '2026-13'), fc.array(fc.string(), { maxLength: 2 }));
const query = fc.dictionary(fc.oneof(fc.constantFrom('period', 'key', 'extra'), fc.string({ maxLength: 8 })), queryValue, { maxKeys: 3 });
const manyKeys = fc.integer({ min: 1_000, max: 20_000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 3])));
const body = fc.oneof(
  fc.anything(),
  fc.record({ answers: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom('motivation', 'energy', 'x', 'constructor'), text), fc.oneof(fc.integer({ min: -2, max: 8 }), fc.string())), manyKeys), note: fc.oneof(text, fc.constant(null)), periodKey: fc.oneof(text, fc.constantFrom('2026-11', '0000-01', '2026-W53')) }, { requiredKeys: [] }),
  fc.record({ targets: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom('meetings_held', 'won_revenue', 'nope', 'toString'), text), fc.oneof(fc.double(), fc.constant(null), fc.string())), manyKeys) }, { requiredKeys: [] }),
  fc.record({ baseVersion: fc.oneof(fc.integer(), fc.string()), definition: fc.anything() }, { requiredKeys: [] }),
  fc.record({ willVisibility: fc.oneof(fc.constantFrom('manager'), fc.string()) }, { requiredKeys: [] }),
);

function encodePath(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/:([A-Za-z]+)/g, () => {
    const v = values[i++] ?? '';
    // Half the time raw (broken escapes included), half encoded.
    // A URL cannot carry a lone surrogate (encodeURIComponent throws): the client sends U+FFFD instead.
    return v.startsWith('%') || v.includes('..') ? v : encodeURIComponent(v.replace(/\p{Cs}/gu, '\ufffd'));
  });
}

/** JSON text with `__proto__` as an own key (a JS object cannot hold one to stringify). */
function withProtoKeys(json: string): string {
  return json.replace(/^\{"(answers|targets)":\{/, '{"$1":{"__proto__":3,').replace(/"name":/g, '"__proto__":{},"name":');
}

describe.each(['pglite', 'postgres'] as const)('on %s', (engine) => {
  let svc: TestService;
  let database: TestDatabase | null = null;
  beforeAll(async () => {
    database = engine === 'postgres' ? await createPostgresDatabase() : null;
    svc = await startTestService(database ? { db: database.client } : {});
  });
  afterAll(async () => {
    await svc.sync.drain();
    await svc.close();
    await database?.drop();
  });

describe.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', (_name, route) => {
  it('answers arbitrary input with 2xx or a 4xx error envelope, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(users, fc.array(segment, { minLength: 2, maxLength: 2 }), query, body, fc.constantFrom('json', 'cut', 'proto'), async (user, segs, q, b, form) => {
        const path = encodePath(route.path, segs);
        let req = request(svc.app)[route.method](path).query(q);
        if (user !== '') req = req.set('x-demo-user', user);
        if (route.method !== 'get') {
          // Valid JSON of any shape, or the same text cut short.
          const json = JSON.stringify(b) ?? 'null';
          req = req.set('content-type', 'application/json').send(form === 'cut' ? json.slice(0, -1) : form === 'proto' ? withProtoKeys(json) : json);
        }
        const res = await req;
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(() => ErrorEnvelopeSchema.parse(res.body)).not.toThrow();
      }),
      { numRuns: 60 },
    );
    // Leave the shared tenant as it was for the next route's run.
    await svc.sync.drain();
    await svc.store.setWillVisibility('demo', 'manager');
  });
});
});
