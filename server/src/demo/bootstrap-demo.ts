import { defaultDefinition } from '@balanced-scorecard/shared';
import type { Config } from '../config/load-config';
import { createDemoConnector } from '../connectors/demo/demo-connector';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';

const ANCHOR_IN_CURSOR = /^demo-\d+-(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)-/;

/** The day a tenant's demo data ends: kept in its sync cursors, so restarts continue one data set. */
export async function readDemoAnchor(store: Store, tenantId: string): Promise<string | null> {
  const cursors = await store.getCursors(tenantId, 'demo');
  for (const cursor of Object.values(cursors)) {
    const m = cursor ? ANCHOR_IN_CURSOR.exec(cursor) : null;
    if (m) return m[1]!;
  }
  return null;
}

/**
 * Creates the demo tenant (users with roles, the default definition); its records come through
 * the sync pipeline like a real CRM's. Idempotent: safe on every start.
 */
export async function bootstrapDemoTenant(store: Store, demo: Config['demo'], anchor: string): Promise<void> {
  await store.ensureTenant(demo.tenantId, 'Demo company');
  if (!(await store.getDefinition(demo.tenantId))) {
    // Another replica starting at the same moment may save it first; either copy is the same.
    await store.saveDefinition(demo.tenantId, defaultDefinition(), 'demo-setup', 0).catch((error: unknown) => {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    });
  }
  const data = await createDemoConnector({ ...demo, anchor }).data(demo.tenantId);
  await store.upsertUsers(demo.tenantId, [
    ...data.admins.map((a) => ({ userId: a.userId, name: a.name, email: null, isAdmin: true })),
    ...data.managers.map((m) => ({ userId: m.userId, name: m.name, email: null, isAdmin: false })),
    ...data.sellers.filter((s) => s.userId !== null).map((s) => ({ userId: s.userId!, name: s.name, email: s.email, isAdmin: false })),
  ]);
}
