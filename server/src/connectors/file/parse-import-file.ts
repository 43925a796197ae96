import { createHash } from 'node:crypto';
import { parse as parseWithPointers } from 'json-source-map';
import { z } from 'zod';
import { RECORD_KINDS, RecordSetSchema, TenantSettingsSchema, type RecordSet, type TenantSettings } from '@balanced-scorecard/shared';
import { AppError, type ErrorIssue } from '../../errors/app-error';
import { formatPath } from '../../errors/zod-issues';

/**
 * The documented import format (docs/import-format.md): one JSON object holding arrays of the
 * normalized records of DESIGN §4. A file is checked whole before anything is imported; every
 * problem is reported with its line, column and field, and a bad file imports nothing.
 */
export const IMPORT_FORMAT = 'balanced-scorecard/v1';
const MAX_ISSUES = 100;

// tenantId may be left out of each record (the import names the tenant); it is filled in before parsing.
export const ImportFileSchema = RecordSetSchema.extend({ format: z.literal(IMPORT_FORMAT), settings: TenantSettingsSchema.optional() });

export interface ParsedImport {
  records: RecordSet;
  /** The company's name, time zone, currency and locale, when the file carries them. */
  settings: TenantSettings;
  /** sha256 of the file: names the data set in sync cursors. */
  hash: string;
  total: number;
}

export interface KnownIds {
  sellerIds: ReadonlySet<string>;
  teamIds: ReadonlySet<string>;
}

export function parseImportFile(text: string, tenantId: string, known: KnownIds = { sellerIds: new Set(), teamIds: new Set() }): ParsedImport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    // JSON.parse does not always say where; json-source-map's parser does ("at position N").
    let message = cause instanceof Error ? cause.message : String(cause);
    try {
      parseWithPointers(text);
    } catch (located) {
      if (located instanceof Error) message = located.message;
    }
    const pos = /position (\d+)/.exec(message);
    const where = pos ? locate(text, Number(pos[1])) : {};
    throw new AppError('import_invalid', `The file is not valid JSON: ${message}`, { cause, issues: [{ path: '(root)', message, ...where }] });
  }

  const issues: { path: (string | number)[]; message: string }[] = [];
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    // Fill the tenant in records that leave it out; a record naming another tenant is an error.
    for (const kind of RECORD_KINDS) {
      const list = (raw as Record<string, unknown>)[kind];
      if (!Array.isArray(list)) continue;
      list.forEach((rec, i) => {
        if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return;
        const r = rec as Record<string, unknown>;
        if (r.tenantId === undefined) r.tenantId = tenantId;
        else if (r.tenantId !== tenantId) issues.push({ path: [kind, i, 'tenantId'], message: `belongs to tenant "${String(r.tenantId)}", not "${tenantId}"` });
      });
    }
  }

  const parsed = ImportFileSchema.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) issues.push({ path: issue.path as (string | number)[], message: issue.message });
  const file = parsed.success ? parsed.data : null;

  // References are checked on the raw file too, so one pass reports every kind of problem.
  checkReferences(raw, known, issues);
  let records: RecordSet | null = null;
  if (file) {
    const { format: _format, settings: _settings, ...rest } = file;
    records = rest;
  }

  if (issues.length > 0 || !records) {
    throw new AppError('import_invalid', `The file has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was imported.`, {
      issues: withLocations(text, issues.slice(0, MAX_ISSUES)),
    });
  }
  const total = RECORD_KINDS.reduce((n, k) => n + records![k].length, 0);
  return { records, settings: file?.settings ?? {}, hash: createHash('sha256').update(text).digest('hex').slice(0, 16), total };
}

type Loose = Record<string, unknown>;

/** Ids that other records point to must exist, in the file or already in the tenant; ids must be unique. */
function checkReferences(raw: unknown, known: KnownIds, issues: { path: (string | number)[]; message: string }[]): void {
  if (raw === null || typeof raw !== 'object') return;
  const file = raw as Record<string, unknown>;
  const list = (kind: string): Loose[] => (Array.isArray(file[kind]) ? (file[kind] as unknown[]) : []).map((r) => (r !== null && typeof r === 'object' ? (r as Loose) : {}));
  const idsOf = (kind: string) => list(kind).map((r) => r.id).filter((id): id is string => typeof id === 'string');
  const sellers = new Set([...known.sellerIds, ...idsOf('sellers')]);
  const teams = new Set([...known.teamIds, ...idsOf('teams')]);
  for (const kind of ['teams', 'sellers', 'customers', 'deals', 'activities']) {
    const seen = new Set<string>();
    list(kind).forEach((r, i) => {
      if (typeof r.id !== 'string') return;
      if (seen.has(r.id)) issues.push({ path: [kind, i, 'id'], message: `duplicate id "${r.id}"` });
      seen.add(r.id);
    });
  }
  list('sellers').forEach((s, i) => {
    if (!Array.isArray(s.teamIds)) return;
    s.teamIds.forEach((t: unknown, j: number) => {
      if (typeof t === 'string' && !teams.has(t)) issues.push({ path: ['sellers', i, 'teamIds', j], message: `no team with id "${t}"` });
    });
  });
  for (const kind of ['activities', 'deals', 'checkIns', 'customers']) {
    list(kind).forEach((r, i) => {
      if (typeof r.sellerId === 'string' && !sellers.has(r.sellerId)) issues.push({ path: [kind, i, 'sellerId'], message: `no seller with id "${r.sellerId}"` });
    });
  }
}

/** Adds line and column (1-based) to each issue: the field itself, or the nearest object that holds it. */
function withLocations(text: string, issues: { path: (string | number)[]; message: string }[]): ErrorIssue[] {
  let pointers: Record<string, { value: { line: number; column: number } }> = {};
  try {
    pointers = parseWithPointers(text).pointers;
  } catch {
    // Not reachable for text JSON.parse accepted; without pointers the paths still say where.
  }
  return issues.map((issue) => {
    for (let n = issue.path.length; n >= 0; n--) {
      const pointer = pointers[n === 0 ? '' : `/${issue.path.slice(0, n).map(String).join('/')}`];
      if (pointer) return { path: formatPath(issue.path), message: issue.message, line: pointer.value.line + 1, column: pointer.value.column + 1 };
    }
    return { path: formatPath(issue.path), message: issue.message };
  });
}

function locate(text: string, pos: number): { line: number; column: number } {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, column: pos - before.lastIndexOf('\n') };
}
