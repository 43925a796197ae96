import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from './api';

export type Load<T> = { state: 'loading' } | { state: 'ready'; data: T; reload: () => void } | { state: 'error'; error: ApiError; reload: () => void };

/** Runs `load` once per change of `key` (and on reload), keeping only the latest answer. */
export function useLoad<T>(load: () => Promise<T>, key: string): Load<T> {
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    load().then(
      (data) => current && setResult({ state: 'ready', data, reload }),
      (error: ApiError) => current && setResult({ state: 'error', error, reload }),
    );
    return () => {
      current = false;
    };
    // `load` is a new function each render; `key` says when it asks for something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  return result;
}
