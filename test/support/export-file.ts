import { generateDemoData } from '@balanced-scorecard/shared';
import { IMPORT_FORMAT } from '../../server/src/connectors/file/parse-import-file';

/** A small valid export in the documented format (docs/import-format.md): demo records without tenantId (the import names it). */
export function exportFile(options: { seed?: number; sellersPerTeam?: number; activityScale?: number } = {}) {
  const demo = generateDemoData({ tenantId: 'x', seed: options.seed ?? 3, now: '2026-05-01T00:00:00.000Z', teams: 1, sellersPerTeam: options.sellersPerTeam ?? 2, months: 1, activityScale: options.activityScale ?? 0.2 });
  const strip = <T extends { tenantId: string }>(rs: T[]) => rs.map(({ tenantId: _t, ...r }) => r);
  return {
    format: IMPORT_FORMAT,
    teams: strip(demo.teams),
    sellers: strip(demo.sellers),
    customers: strip(demo.customers),
    deals: strip(demo.deals),
    activities: strip(demo.activities),
    checkIns: strip(demo.checkIns),
  };
}
