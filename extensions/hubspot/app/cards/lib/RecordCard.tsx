import { Alert, DescriptionList, DescriptionListItem, Divider, Flex, Heading, List, Text } from '@hubspot/ui-extensions';
import { formatAttainment, formatValue } from '@balanced-scorecard/shared/src/format';
import { RecordCardResponseSchema, type RecordCardResponse } from '@balanced-scorecard/shared/src/model/api';
import { createApi, hubspotFetcher, type Fetcher, type Identity } from './api';
import { CheckInForm } from './CheckInForm';
import { FocusItems } from './Insights';
import { ScorecardView } from './ScorecardView';
import { Failed, Loading, NoData, NotAllowed } from './states';
import { useLoad } from './use-load';

/** HubSpot's object type ids of the records the card sits on (the extension context names them so). */
export const OBJECT_TYPES: Readonly<Record<string, RecordCardResponse['record']['objectType']>> = { '0-1': 'contacts', '0-2': 'companies', '0-3': 'deals' };

export interface RecordCardContext {
  user: { id: number; locale?: string };
  portal: { id: number };
  crm: { objectId: number; objectTypeId: string };
}

const ACTIVITY_WORD = { call: 'Call', meeting: 'Meeting', email: 'Email', task: 'Task', note: 'Note', message: 'Message', social: 'Social', visit: 'Visit' } as const;

function RecordFacts({ record, locale, currency }: { record: RecordCardResponse['record']; locale: string; currency: string }) {
  const formats = { locale, currency };
  return (
    <Flex direction="column" gap="xs">
      <Heading>This {record.objectType === 'deals' ? 'deal' : 'customer'}</Heading>
      <DescriptionList direction="row">
        <DescriptionListItem label="Owner">
          <Text>{record.owner?.name ?? 'No owner'}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Yearly potential">
          <Text>{formatValue(record.potential, 'currency', formats)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Share of the owner's potential">
          <Text testId="potential-share">{formatAttainment(record.potentialShare, locale)}</Text>
        </DescriptionListItem>
        {record.deal && (
          <DescriptionListItem label="Deal">
            <Text>
              {formatValue(record.deal.amount, 'currency', { locale, currency: record.deal.currency })} · {record.deal.isClosed ? (record.deal.isWon ? 'won' : 'lost') : record.deal.stage}
            </Text>
          </DescriptionListItem>
        )}
      </DescriptionList>
      <Text format={{ fontWeight: 'bold' }}>Recent activity</Text>
      {record.recentActivities.length === 0 ? (
        <Text variant="microcopy">No activity on this record yet.</Text>
      ) : (
        <List testId="recent-activity">
          {record.recentActivities.map((a, i) => (
            <Text key={`${a.at}-${i}`}>
              {ACTIVITY_WORD[a.type]} · {new Date(a.at).toLocaleDateString(locale)}
              {a.outcome ? ` · ${a.outcome.replace(/_/g, ' ')}` : ''}
              {a.sellerName ? ` · ${a.sellerName}` : ''}
            </Text>
          ))}
        </List>
      )}
    </Flex>
  );
}

/**
 * The card on a contact, company or deal (DESIGN §8), from one request: the owner's scorecard
 * when the viewer may see it, otherwise the viewer's own saying whose record this is; this
 * customer's potential share and recent activity; the viewer's own check-in.
 */
export function RecordCard({ context, fetcher = hubspotFetcher }: { context: RecordCardContext; fetcher?: Fetcher }) {
  const identity: Identity = { portalId: context.portal.id, userId: context.user.id };
  const objectType = OBJECT_TYPES[context.crm.objectTypeId];
  const api = createApi(fetcher, identity);
  const load = useLoad(
    () => api.get('/api/v1/hubspot/record-card', RecordCardResponseSchema, { objectType: objectType ?? 'contacts', objectId: String(context.crm.objectId) }),
    `${context.portal.id}/${context.user.id}/${context.crm.objectTypeId}/${context.crm.objectId}`,
  );
  if (objectType === undefined) return <NoData title="Not on this record">The scorecard card sits on contacts, companies and deals.</NoData>;
  if (load.state === 'loading') return <Loading label="Loading the scorecard" />;
  if (load.state === 'error') {
    if (load.error.status === 403 || load.error.code === 'forbidden') return <NotAllowed message={load.error.message} />;
    return <Failed error={load.error} onRetry={load.reload} />;
  }
  const card = load.data;
  const locale = card.scorecard?.locale ?? context.user.locale ?? 'en-US';
  const currency = card.scorecard?.currency ?? card.record.deal?.currency ?? 'EUR';
  const noOwner = card.record.owner === null;
  const noData = !card.record.known && card.scorecard === null;
  return (
    <Flex direction="column" gap="sm">
      {noOwner && card.record.known && (
        <Alert title="This record has no owner" variant="info" testId="no-owner">
          {card.note ?? 'Give it an owner in HubSpot to see their scorecard here.'}
        </Alert>
      )}
      {!noOwner && card.note && (
        <Text variant="microcopy" testId="whose-record">
          {card.note}
        </Text>
      )}
      {noData ? (
        <NoData title="No data yet">This record has not reached the scorecard yet: the next sync brings it (every few minutes).</NoData>
      ) : card.scorecard ? (
        <ScorecardView view={card.scorecard} />
      ) : null}
      {card.scorecard && <FocusItems focus={card.focus} formats={{ locale, currency }} />}
      {!noData && card.record.known && <RecordFacts record={card.record} locale={locale} currency={currency} />}
      {card.checkIn && (
        <>
          <Divider />
          <CheckInForm api={api} checkIn={card.checkIn} locale={locale} />
        </>
      )}
    </Flex>
  );
}
