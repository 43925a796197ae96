/**
 * The scopes the HubSpot app asks for (reference/hubspot.md §3.9, Corrections 4). The app's
 * `app-hsmeta.json` must list the same ones: HubSpot refuses an authorize URL that differs.
 * Required: read the CRM records and owners the indicators are computed from. Optional: teams
 * and users (roles), and the Users object's properties (will and foundation mirrored there).
 */
export const HUBSPOT_REQUIRED_SCOPES = ['oauth', 'crm.objects.contacts.read', 'crm.objects.companies.read', 'crm.objects.deals.read', 'crm.objects.owners.read'] as const;
export const HUBSPOT_OPTIONAL_SCOPES = ['settings.users.read', 'settings.users.teams.read', 'crm.objects.users.read', 'crm.objects.users.write'] as const;
