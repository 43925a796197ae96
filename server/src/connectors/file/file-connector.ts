import type { CrmConnector } from '../crm-connector';
import { paginateRecordSet, remainingRecords } from '../paginate';
import type { ParsedImport } from './parse-import-file';

/** Imports a checked file (parseImportFile) through the sync pipeline, page by page. */
export function createFileConnector(file: ParsedImport, pageSize = 2000): CrmConnector {
  const snapshot = `file-${file.hash}`;
  return {
    name: 'file',
    async *pages(ctx) {
      yield* paginateRecordSet(file.records, snapshot, ctx, pageSize);
    },
    async estimateTotal(ctx) {
      return remainingRecords(file.records, snapshot, ctx);
    },
  };
}
