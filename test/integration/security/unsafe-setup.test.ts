import request from 'supertest';
import { createFileConnector } from '../../../server/src/connectors/file/file-connector';
import { parseImportFile } from '../../../server/src/connectors/file/parse-import-file';
import { createPgliteClient } from '../../../server/src/store/sql-client';
import { createStore } from '../../../server/src/store/store';
import { runSync } from '../../../server/src/sync/run-sync';
import { exportFile } from '../../support/export-file';
import { startTestService, type TestService } from '../../support/service';

describe('answers that no browser or proxy keeps, and methods the API does not take', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(async () => {
    await svc.close();
  });

  it('marks every JSON answer, errors included, as not to be stored', async () => {
    for (const res of [
      await request(svc.app).get('/api/v1/me').set('x-demo-user', 'user-seller-001'),
      await request(svc.app).get('/api/v1/me'),
      await request(svc.app).get('/api/v1/nothing-here'),
    ]) {
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('answers OPTIONS with the allowed methods and no cross-origin grant, and another method with 405', async () => {
    const options = await request(svc.app).options('/api/v1/me').set('origin', 'https://evil.example').set('access-control-request-method', 'GET');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD');
    expect(options.headers['access-control-allow-origin']).toBeUndefined();
    expect(options.text).toBe('');
    const put = await request(svc.app).put('/api/v1/me').set('x-demo-user', 'user-seller-001').send({});
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD');
    expect(put.body.error.code).toBe('method_not_allowed');
  });
});

describe('demo data never enters a tenant with real data', () => {
  it('refuses to seed a DEMO_TENANT that holds an import, and leaves it as it was', async () => {
    const db = await createPgliteClient(null);
    const store = createStore(db);
    await store.migrate();
    const file = { ...exportFile({ seed: 5 }), customers: [], deals: [], checkIns: [] };
    await store.ensureTenant('acme', 'Acme');
    await runSync(store, { tenantId: 'acme', connector: createFileConnector(parseImportFile(JSON.stringify(file), 'acme')), holder: 'test' });
    const before = await store.countRecords('acme');

    const svc = await startTestService({ db, env: { DEMO_TENANT: 'acme' }, demo: false });
    try {
      await expect(svc.prepareDemo()).rejects.toMatchObject({ code: 'config_invalid', message: expect.stringContaining('file') });
      expect(await store.countRecords('acme')).toEqual(before);
      expect(await store.listSources('acme')).toEqual(['file']);
      expect(await store.listUsers('acme')).toEqual([]);
    } finally {
      await svc.close();
    }
  });
});
