import { generateDemoDataInSteps, type DemoData } from '@balanced-scorecard/shared';
import { yieldToEventLoop } from '../../scorecards/slices';
import type { ConnectorContext, CrmConnector } from '../crm-connector';
import { paginateRecordSet, remainingRecords } from '../paginate';

/** The connector name of demo data: a tenant with any other source holds real data. */
export const DEMO_SOURCE = 'demo';

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
export function createDemoConnector(options: DemoConnectorOptions): CrmConnector & { data(tenantId: string): Promise<DemoData> } {
  const snapshot = `demo-${options.seed}-${options.anchor}-${options.teams}x${options.sellersPerTeam}-${options.activityScale}-${options.months}`;
  let cached: { tenantId: string; data: Promise<DemoData> } | null = null;
  // Generated a seller at a time, yielding in between: a large demo never stalls the service.
  const data = (tenantId: string): Promise<DemoData> => {
    if (cached?.tenantId !== tenantId) {
      cached = {
        tenantId,
        data: generateDemoDataInSteps(
          {
            tenantId,
            seed: options.seed,
            now: options.anchor,
            teams: options.teams,
            sellersPerTeam: options.sellersPerTeam,
            activityScale: options.activityScale,
            months: options.months,
          },
          yieldToEventLoop,
        ),
      };
    }
    return cached.data;
  };
  return {
    name: DEMO_SOURCE,
    data,
    async *pages(ctx: ConnectorContext) {
      yield* paginateRecordSet(await data(ctx.tenantId), snapshot, ctx, options.pageSize ?? 500);
    },
    async estimateTotal(ctx) {
      return remainingRecords(await data(ctx.tenantId), snapshot, ctx);
    },
  };
}
