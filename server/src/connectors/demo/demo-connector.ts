import { generateDemoData, type DemoData } from '@balanced-scorecard/shared';
import type { ConnectorContext, CrmConnector } from '../crm-connector';
import { paginateRecordSet, remainingRecords } from '../paginate';

export interface DemoConnectorOptions {
  seed: number;
  /** The day the demo data ends; fixed per tenant so a resumed sync continues the same data set. */
  anchor: string;
  teams: number;
  sellersPerTeam: number;
  activityScale: number;
  months: number;
  pageSize?: number;
}

/** The seeded demo data set, synced through the same pipeline as a real CRM. */
export function createDemoConnector(options: DemoConnectorOptions): CrmConnector & { data(tenantId: string): DemoData } {
  const snapshot = `demo-${options.seed}-${options.anchor}-${options.teams}x${options.sellersPerTeam}-${options.activityScale}-${options.months}`;
  let cached: { tenantId: string; data: DemoData } | null = null;
  const data = (tenantId: string): DemoData => {
    if (cached?.tenantId !== tenantId) {
      cached = {
        tenantId,
        data: generateDemoData({
          tenantId,
          seed: options.seed,
          now: options.anchor,
          teams: options.teams,
          sellersPerTeam: options.sellersPerTeam,
          activityScale: options.activityScale,
          months: options.months,
        }),
      };
    }
    return cached.data;
  };
  return {
    name: 'demo',
    data,
    async *pages(ctx: ConnectorContext) {
      yield* paginateRecordSet(data(ctx.tenantId), snapshot, ctx, options.pageSize ?? 2000);
    },
    async estimateTotal(ctx) {
      return remainingRecords(data(ctx.tenantId), snapshot, ctx);
    },
  };
}
