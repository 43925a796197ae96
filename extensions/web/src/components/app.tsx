import { useEffect, useMemo, useState } from 'react';
import type { MeResponse } from '@balanced-scorecard/shared';
import { createApiClient, DEMO_USER_KEY } from '../api/client';
import { ApiContext, useApi } from '../api/use-api';
import { CheckInForm } from './check-in-form';
import { DemoPicker } from './demo-picker';
import { SellerView } from './seller-view';
import { EmptyState, ErrorState, Loading } from './states';
import { TeamOverview } from './team-overview';

function useHashRoute(): [string, (to: string) => void] {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return [hash, (to) => (window.location.hash = to)];
}

function Home({ me }: { me: MeResponse }) {
  const [hash, go] = useHashRoute();
  const sellerMatch = /^#\/seller\/(.+)$/.exec(hash);
  const reviews = me.roles.includes('admin') || me.roles.includes('manager');
  if (sellerMatch) {
    const sellerId = decodeURIComponent(sellerMatch[1]!);
    return (
      <>
        {reviews && (
          <button className="slds-button slds-m-bottom_small" onClick={() => go('#/')}>
            ← Back to the team
          </button>
        )}
        <SellerView sellerId={sellerId} />
        {sellerId === me.sellerId && <CheckInForm me={me} />}
      </>
    );
  }
  if (reviews) return <TeamOverview onOpenSeller={(id) => go(`#/seller/${encodeURIComponent(id)}`)} />;
  if (me.sellerId) {
    return (
      <>
        <SellerView sellerId={me.sellerId} />
        <CheckInForm me={me} />
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
      <div className="slds-p-around_medium">
        <DemoPicker userId={demoUser} onPick={pick} />
        <h1 className="slds-text-heading_large slds-m-vertical_medium">Balanced Scorecard</h1>
        {demoUser === null ? <EmptyState>Pick whom to view as above (demo), or open this page from HubSpot or Salesforce.</EmptyState> : <Signed key={demoUser} userKey={demoUser} />}
      </div>
    </ApiContext.Provider>
  );
}
