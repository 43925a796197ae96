import { useEffect, useState } from 'react';
import type { PeriodKind } from '@balanced-scorecard/shared';

/** Where the view is, kept in the URL's hash so that a link or a reload shows the same: `#/seller/<id>?period=month&key=2026-11`. */
export interface Route {
  /** The admin settings screen. */
  settings: boolean;
  sellerId: string | null;
  period: PeriodKind | null;
  key: string | null;
}

const KINDS: readonly string[] = ['week', 'month', 'quarter'];

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  const seller = /^\/seller\/(.+)$/.exec(path);
  const period = params.get('period');
  return {
    settings: path === '/settings',
    sellerId: seller ? decodeURIComponent(seller[1]!) : null,
    period: period !== null && KINDS.includes(period) ? (period as PeriodKind) : null,
    key: params.get('key'),
  };
}

export function formatRoute(route: Route): string {
  const where = route.settings ? 'settings' : route.sellerId ? `seller/${encodeURIComponent(route.sellerId)}` : '';
  return `#/${where}${periodQuery(route)}`;
}

/** The query string an API call for this route's period takes (empty: the service's default period). */
export function periodQuery(route: Pick<Route, 'period' | 'key'>): string {
  const params = new URLSearchParams();
  if (route.period) params.set('period', route.period);
  if (route.period && route.key) params.set('key', route.key);
  const search = params.toString();
  return search ? `?${search}` : '';
}

export function useRoute(): [Route, (next: Route) => void] {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return [parseRoute(hash), (next) => (window.location.hash = formatRoute(next))];
}
