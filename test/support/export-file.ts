import { generateDemoData, type RecordSet } from '@balanced-scorecard/shared';
import { IMPORT_FORMAT } from '../../server/src/connectors/file/parse-import-file';

/** Records as the documented format carries them: without tenantId (the import names it). */
export function asExportFile(records: RecordSet, settings?: Record<string, string>) {
  const strip = <T extends { tenantId: string }>(rs: T[]) => rs.map(({ tenantId: _t, ...r }) => r);
  return {
    format: IMPORT_FORMAT,
    ...(settings ? { settings } : {}),
    teams: strip(records.teams),
    sellers: strip(records.sellers),
    customers: strip(records.customers),
    deals: strip(records.deals),
    activities: strip(records.activities),
    checkIns: strip(records.checkIns),
  };
}

/** A small valid export in the documented format (docs/import-format.md): demo records without tenantId (the import names it). */
export function exportFile(options: { seed?: number; sellersPerTeam?: number; activityScale?: number } = {}) {
  const demo = generateDemoData({ tenantId: 'x', seed: options.seed ?? 3, now: '2026-05-01T00:00:00.000Z', teams: 1, sellersPerTeam: options.sellersPerTeam ?? 2, months: 1, activityScale: options.activityScale ?? 0.2 });
  return asExportFile(demo);
}
