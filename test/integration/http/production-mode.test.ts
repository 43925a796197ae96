import request from 'supertest';
import { createStore } from '../../../server/src/store/store';
import { createPgliteClient } from '../../../server/src/store/sql-client';
import { startTestService, type TestService } from '../../support/service';

describe('outside demo mode', () => {
  let svc: TestService;
  beforeAll(async () => {
    // The same store a demo would fill, with the demo users in it: production must still not let anyone "view as".
    const db = await createPgliteClient(null);
    const seed = await startTestService({ db });
    await seed.sync.drain();
    svc = await startTestService({ mode: 'production', db, env: { DEMO_TENANT: 'demo' } });
  });
  afterAll(async () => {
    await svc.close();
  });

  it('has no demo routes and ignores the demo header', async () => {
    expect((await request(svc.app).get('/api/v1/demo/users')).status).toBe(404);
    const me = await request(svc.app).get('/api/v1/me').set('x-demo-user', 'user-admin');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('unauthenticated');
    const card = await request(svc.app).get('/api/v1/sellers/seller-001/scorecard').set('x-demo-user', 'user-seller-001');
    expect(card.status).toBe(401);
    const openapi = await request(svc.app).get('/api/v1/openapi.json');
    expect(Object.keys(openapi.body.paths)).not.toContain('/api/v1/demo/users');
  });

  it('still reports health and readiness', async () => {
    expect((await request(svc.app).get('/healthz')).status).toBe(200);
    expect((await request(svc.app).get('/readyz')).status).toBe(200);
  });
});

describe('readiness', () => {
  it('answers 503 with the envelope when the store does not answer', async () => {
    const svc = await startTestService({ demo: false });
    await svc.store.close();
    const res = await request(svc.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('not_ready');
  });

  it('answers 503 while migrations are pending', async () => {
    const db = await createPgliteClient(null);
    const svc = await startTestService({ db, demo: false });
    await db.exec("DELETE FROM schema_migrations WHERE name = '001_init.sql'");
    const res = await request(svc.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain('001_init.sql');
    await createStore(db).close();
  });
});
