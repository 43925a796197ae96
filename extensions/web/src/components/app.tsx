import { useEffect, useMemo, useState } from 'react';
import type { EmbedTokenResponse, MeResponse } from '@balanced-scorecard/shared';
import { ApiError, createApiClient, DEMO_USER_KEY } from '../api/client';
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

/** Where a Salesforce record page frames the view; its fragment carries the single-use ticket. */
export const EMBED_PATH = '/embed/salesforce';

/** The ticket in the fragment, taken out of the address at once (it is good for one trade only). */
function takeTicket(): string | null {
  const match = /^#ticket=([A-Za-z0-9_-]{1,200})$/.exec(window.location.hash);
  if (!match) return null;
  window.history.replaceState(null, '', `${window.location.pathname}#/`);
  return match[1]!;
}

type Embedded = { state: 'trading' } | { state: 'ready'; token: string; expiresAt: number; sellerId: string | null } | { state: 'failed'; message: string };

/**
 * Inside a Salesforce record page: the ticket is traded for a bearer token kept in memory (no
 * cookies, no storage); the page opens on the record's seller when the viewer may see them.
 */
function EmbeddedApp() {
  const [ticket] = useState(takeTicket);
  const [session, setSession] = useState<Embedded>(ticket ? { state: 'trading' } : { state: 'failed', message: 'Open this scorecard from a User or Contact page in Salesforce.' });
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    if (!ticket) return;
    createApiClient(() => null)
      .send<EmbedTokenResponse>('POST', '/api/v1/embed-sessions/token', { ticket })
      .then(async (r) => {
        // The record's seller when the viewer reviews others or is that seller; otherwise the viewer's own page.
        const me = await createApiClient(() => ({ bearer: r.token })).get<MeResponse>('/api/v1/me');
        const reviews = me.roles.includes('admin') || me.roles.includes('manager');
        if (r.sellerId && (reviews || me.sellerId === r.sellerId)) window.location.hash = `#/seller/${encodeURIComponent(r.sellerId)}`;
        setSession({ state: 'ready', token: r.token, expiresAt: Date.now() + r.expiresInSeconds * 1000, sellerId: r.sellerId });
      })
      .catch((e: unknown) => setSession({ state: 'failed', message: e instanceof ApiError ? e.message : 'The scorecard service cannot be reached. Reload the page to try again.' }));
  }, [ticket]);
  useEffect(() => {
    if (session.state !== 'ready') return;
    const timer = window.setTimeout(() => setEnded(true), Math.max(0, session.expiresAt - Date.now()));
    return () => window.clearTimeout(timer);
  }, [session]);
  const token = session.state === 'ready' ? session.token : null;
  const client = useMemo(() => createApiClient(() => (token ? { bearer: token } : null)), [token]);
  return (
    <ApiContext.Provider value={client}>
      <div className="slds-p-around_small bs-app bs-embedded">
        {ended ? (
          <EmptyState>This scorecard session has ended. Reload the page in Salesforce to see it again.</EmptyState>
        ) : session.state === 'trading' ? (
          <Loading />
        ) : session.state === 'failed' ? (
          <EmptyState>{session.message}</EmptyState>
        ) : (
          <Signed userKey={session.token} />
        )}
      </div>
    </ApiContext.Provider>
  );
}

export function App() {
  return window.location.pathname === EMBED_PATH ? <EmbeddedApp /> : <StandaloneApp />;
}

function StandaloneApp() {
  const [demoUser, setDemoUser] = useState<string | null>(() => window.localStorage.getItem(DEMO_USER_KEY));
  const client = useMemo(() => createApiClient(() => (demoUser ? { demoUser } : null)), [demoUser]);
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
