import type { CheckInItem } from '@balanced-scorecard/shared';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import type { HubSpotHttp } from './hubspot-http';

/**
 * Will and foundation answers mirrored to HubSpot (DESIGN §7): a `balanced_scorecard` property
 * group on the Users object, one number property per check-in item, and the period they are for.
 * Whether HubSpot allows custom properties on users is UNCERTAIN (reference/hubspot.md,
 * Corrections 19): a refusal is an answer, not an error — the answers then live in the service only.
 */
export const PROPERTY_GROUP = 'balanced_scorecard';
export const PERIOD_PROPERTY = 'balanced_scorecard_period';
export const propertyOfItem = (itemId: string) => `balanced_scorecard_${itemId}`;

export type PropertySetup = { state: 'created' } | { state: 'refused'; reason: string };

type Http = Pick<HubSpotHttp, 'request'>;

/** HubSpot's error category, never its message (it may quote values). */
function category(body: unknown): string {
  const c = (body as { category?: unknown } | null)?.category;
  return typeof c === 'string' && /^[A-Z_]{1,60}$/.test(c) ? c : 'refused';
}

/** Creates the group and the properties; 409 means one exists already (idempotent). */
export async function createUserProperties(http: Http, items: readonly Pick<CheckInItem, 'id' | 'label' | 'statement'>[]): Promise<PropertySetup> {
  const created = (status: number) => status === 201 || status === 200 || status === 409;
  const group = await http.request({ method: 'POST', path: '/crm/v3/properties/users/groups', json: { name: PROPERTY_GROUP, label: 'Balanced Scorecard', displayOrder: -1 } });
  if (!created(group.status)) return { state: 'refused', reason: `HubSpot refused the property group on users (${category(group.body)}, HTTP ${group.status})` };
  const properties = [
    { name: PERIOD_PROPERTY, label: 'Balanced Scorecard: check-in period', type: 'string', fieldType: 'text', groupName: PROPERTY_GROUP, description: 'The period of the latest check-in mirrored here' },
    ...items.map((item) => ({ name: propertyOfItem(item.id), label: `Balanced Scorecard: ${item.label}`.slice(0, 100), type: 'number', fieldType: 'number', groupName: PROPERTY_GROUP, description: `${item.statement} (1–5, the latest check-in)` })),
  ];
  for (const property of properties) {
    const res = await http.request({ method: 'POST', path: '/crm/v3/properties/users', json: property });
    if (!created(res.status)) return { state: 'refused', reason: `HubSpot refused the property ${property.name} on users (${category(res.body)}, HTTP ${res.status})` };
  }
  return { state: 'created' };
}

const UserSearchSchema = z.object({ results: z.array(z.object({ id: z.string().regex(/^\d{1,20}$/) })) });

/** The Users object record of a HubSpot user id (it has its own id, not the user id), or null. */
export async function userRecordId(http: Http, hubspotUserId: string): Promise<string | null> {
  const res = await http.request({
    method: 'POST',
    path: '/crm/v3/objects/users/search',
    json: { filterGroups: [{ filters: [{ propertyName: 'hs_internal_user_id', operator: 'EQ', value: hubspotUserId }] }], properties: ['hs_internal_user_id'], limit: 1 },
  });
  if (res.status !== 200) throw new AppError('crm_unavailable', `HubSpot answered the users search with HTTP ${res.status}`);
  const parsed = UserSearchSchema.safeParse(res.body);
  if (!parsed.success) throw new AppError('crm_unavailable', "HubSpot's users search answer is not in the documented shape");
  return parsed.data.results[0]?.id ?? null;
}

/** Writes one check-in's answers to the user's properties. */
export async function writeAnswers(http: Http, recordId: string, periodKey: string, answers: Readonly<Record<string, number>>): Promise<void> {
  const properties: Record<string, string> = { [PERIOD_PROPERTY]: periodKey };
  for (const [itemId, value] of Object.entries(answers)) properties[propertyOfItem(itemId)] = String(value);
  const res = await http.request({ method: 'PATCH', path: `/crm/v3/objects/users/${recordId}`, json: { properties } });
  if (res.status !== 200) throw new AppError('crm_unavailable', `HubSpot answered the user update with HTTP ${res.status} (${category(res.body)})`);
}
