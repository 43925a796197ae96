import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ApiClient } from './client';

export const ApiContext = createContext<ApiClient | null>(null);

export function useApiClient(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('ApiContext is missing');
  return client;
}

/** One request, as a loading / success / error union the views switch on. */
export type Loadable<T> = { state: 'loading' } | { state: 'success'; data: T } | { state: 'error'; error: Error };

export function useApi<T>(path: string | null): Loadable<T> & { reload: () => void } {
  const client = useApiClient();
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setResult({ state: 'loading' });
    client.get<T>(path).then(
      (data) => live && setResult({ state: 'success', data }),
      (error: unknown) => live && setResult({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      live = false;
    };
  }, [client, path, tick]);
  return { ...result, reload };
}
