import { useMemo, useState } from 'react';
import type { MeResponse } from '@balanced-scorecard/shared';
import { createApiClient, DEMO_USER_KEY } from '../api/client';
import { ApiContext, useApi } from '../api/use-api';
import { CheckInForm } from './check-in-form';
import { DemoPicker } from './demo-picker';
import { PeriodPicker } from './period-picker';
import { Settings } from './settings';
import { periodQuery, useRoute } from './route';
import { SellerView } from './seller-view';
import { EmptyState, ErrorState, Loading } from './states';
import { TeamOverview } from './team-overview';

function Home({ me }: { me: MeResponse }) {
  const [route, go] = useRoute();
  // A check-in refreshes the scorecard shown beside it.
  const [version, setVersion] = useState(0);
  const reviews = me.roles.includes('admin') || me.roles.includes('manager');
  const kind = route.period ?? me.defaultPeriod;
  const query = periodQuery(route);
  const picker = <PeriodPicker kind={kind} periodKey={route.period ? route.key : null} onChange={(period, key) => go({ ...route, period, key })} />;
  const sellerId = route.sellerId ?? (reviews ? null : me.sellerId);
  const admin = me.roles.includes('admin');
  if (route.settings && admin) {
    return (
      <>
        <button className="slds-button slds-button_neutral slds-m-bottom_small" onClick={() => go({ ...route, settings: false })}>
          ← Back to the scorecards
        </button>
        <Settings willVisibility={me.willVisibility} />
      </>
    );
  }
  const settingsLink = admin ? (
    <button className="slds-button slds-button_neutral slds-m-bottom_small slds-m-left_x-small" onClick={() => go({ ...route, sellerId: null, settings: true })} data-testid="open-settings">
      Settings
    </button>
  ) : null;
  if (sellerId) {
    return (
      <>
        {reviews && (
          <button className="slds-button slds-button_neutral slds-m-bottom_small" onClick={() => go({ ...route, sellerId: null })}>
            ← Back to the team
          </button>
        )}
        {settingsLink}
        {picker}
        <SellerView key={version} sellerId={sellerId} query={query} />
        {sellerId === me.sellerId && <CheckInForm me={me} onSaved={() => setVersion((v) => v + 1)} />}
      </>
    );
  }
  if (reviews) {
    return (
      <>
        {settingsLink}
        {picker}
        <TeamOverview query={query} checkInKey={me.checkInPeriod.key} onOpenSeller={(id) => go({ ...route, sellerId: id })} isAdmin={admin} />
      </>
    );
  }
  return <EmptyState>You are neither a seller nor a manager here, so there is no scorecard to show.</EmptyState>;
}

function Signed({ userKey }: { userKey: string }) {
  const me = useApi<MeResponse>('/api/v1/me');
  if (me.state === 'loading') return <Loading />;
  if (me.state === 'error') return <ErrorState error={me.error} onRetry={me.reload} />;
  return (
    <div key={userKey}>
      <p className="slds-text-body_small slds-m-bottom_small">
        {me.data.tenantName} · signed in as <strong data-testid="viewer-name">{me.data.name}</strong> ({me.data.roles.join(', ')})
      </p>
      <Home me={me.data} />
    </div>
  );
}

export function App() {
  const [demoUser, setDemoUser] = useState<string | null>(() => window.localStorage.getItem(DEMO_USER_KEY));
  const client = useMemo(() => createApiClient(() => demoUser), [demoUser]);
  const pick = (userId: string) => {
    window.localStorage.setItem(DEMO_USER_KEY, userId);
    window.location.hash = '#/';
    setDemoUser(userId);
  };
  return (
    <ApiContext.Provider value={client}>
      <div className="slds-p-around_medium bs-app">
        <DemoPicker userId={demoUser} onPick={pick} />
        <h1 className="slds-text-heading_large slds-m-vertical_medium">Balanced Scorecard</h1>
        {demoUser === null ? <EmptyState>Pick whom to view as above (demo), or open this page from HubSpot or Salesforce.</EmptyState> : <Signed key={demoUser} userKey={demoUser} />}
      </div>
    </ApiContext.Provider>
  );
}
