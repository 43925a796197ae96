import { z } from 'zod';
import { AppError } from '../errors/app-error';
import type { HubSpotHttp } from './hubspot-http';

/** The objects whose properties can hold a customer's potential and satisfaction. */
export const CUSTOMER_OBJECT_TYPES = ['companies', 'contacts'] as const;
export type CustomerObjectType = (typeof CUSTOMER_OBJECT_TYPES)[number];

const PropertyListSchema = z.object({
  results: z.array(z.object({ name: z.string().min(1).max(100), label: z.string().max(400), type: z.string(), hidden: z.boolean().optional(), archived: z.boolean().optional() })),
});

export interface PropertyCandidate {
  name: string;
  label: string;
  objectTypes: CustomerObjectType[];
}

/**
 * The portal's own number properties of companies and contacts (`GET /crm/v3/properties/{objectType}`),
 * the ones a potential or a satisfaction can be read from; each named once, with the objects that have it.
 */
export async function listNumberProperties(http: Pick<HubSpotHttp, 'request'>): Promise<PropertyCandidate[]> {
  const byName = new Map<string, PropertyCandidate>();
  for (const objectType of CUSTOMER_OBJECT_TYPES) {
    const res = await http.request({ method: 'GET', path: `/crm/v3/properties/${objectType}`, query: { archived: false } });
    if (res.status === 401 || res.status === 403) throw new AppError('crm_unavailable', `HubSpot refused to list the ${objectType} properties (HTTP ${res.status}): the app may lack a scope`);
    if (res.status !== 200) throw new AppError('crm_unavailable', `HubSpot answered the ${objectType} properties with HTTP ${res.status}`);
    const parsed = PropertyListSchema.safeParse(res.body);
    if (!parsed.success) throw new AppError('crm_unavailable', `HubSpot's ${objectType} properties are not in the documented shape`);
    for (const p of parsed.data.results) {
      if (p.type !== 'number' || p.hidden === true || p.archived === true) continue;
      const known = byName.get(p.name);
      if (known) known.objectTypes.push(objectType);
      else byName.set(p.name, { name: p.name, label: p.label, objectTypes: [objectType] });
    }
  }
  return [...byName.values()].sort((a, b) => a.label.localeCompare(b.label) || a.name.localeCompare(b.name));
}
