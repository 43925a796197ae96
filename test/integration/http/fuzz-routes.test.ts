import fc from 'fast-check';
import request from 'supertest';
import { ErrorEnvelopeSchema } from '@balanced-scorecard/shared';
import { apiRoutes } from '../../../server/src/http/create-app';
import { startTestService, type TestService } from '../../support/service';

/**
 * Every route, fed arbitrary params, query strings and bodies as several roles: the service
 * answers 2xx or a 4xx with the error envelope, never a 5xx.
 */
let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.sync.drain();
  await svc.close();
});

const routes = apiRoutes('demo').filter((r) => r.path.startsWith('/api/'));
const users = fc.constantFrom('user-admin', 'user-manager-1', 'user-seller-001', 'user-nobody', '');
const segment = fc.oneof(fc.string(), fc.constantFrom('seller-001', 'team-1', '%', '%E0%A4%A', '..', 'seller-001%00', ' '));
const queryValue = fc.oneof(fc.string(), fc.constantFrom('month', 'week', 'quarter', '2026-10', '2026-W05', '2026-Q2', '2026-13'), fc.array(fc.string(), { maxLength: 2 }));
const query = fc.dictionary(fc.oneof(fc.constantFrom('period', 'key', 'extra'), fc.string({ maxLength: 8 })), queryValue, { maxKeys: 3 });
const body = fc.oneof(
  fc.anything(),
  fc.record({ answers: fc.dictionary(fc.constantFrom('motivation', 'energy', 'x'), fc.oneof(fc.integer({ min: -2, max: 8 }), fc.string())), note: fc.oneof(fc.string(), fc.constant(null)) }, { requiredKeys: [] }),
  fc.record({ targets: fc.dictionary(fc.constantFrom('meetings_held', 'won_revenue', 'nope'), fc.oneof(fc.double(), fc.constant(null), fc.string())) }, { requiredKeys: [] }),
  fc.record({ baseVersion: fc.oneof(fc.integer(), fc.string()), definition: fc.anything() }, { requiredKeys: [] }),
  fc.record({ willVisibility: fc.oneof(fc.constantFrom('manager'), fc.string()) }, { requiredKeys: [] }),
);

function encodePath(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/:([A-Za-z]+)/g, () => {
    const v = values[i++] ?? '';
    // Half the time raw (broken escapes included), half encoded.
    return v.startsWith('%') || v.includes('..') ? v : encodeURIComponent(v);
  });
}

describe.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', (_name, route) => {
  it('answers arbitrary input with 2xx or a 4xx error envelope, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(users, fc.array(segment, { minLength: 2, maxLength: 2 }), query, body, fc.boolean(), async (user, segs, q, b, asText) => {
        const path = encodePath(route.path, segs);
        let req = request(svc.app)[route.method](path).query(q);
        if (user !== '') req = req.set('x-demo-user', user);
        if (route.method !== 'get') {
          // Valid JSON of any shape, or the same text cut short.
          const json = JSON.stringify(b) ?? 'null';
          req = req.set('content-type', 'application/json').send(asText ? json.slice(0, -1) : json);
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
