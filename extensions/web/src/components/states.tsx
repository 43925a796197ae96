import { useContext, useEffect, useState, type ReactNode } from 'react';
import type { IndicatorResult, ReadyResponse } from '@balanced-scorecard/shared';
import { ApiContext } from '../api/use-api';
import { ApiError } from '../api/client';
import { STATUS_CLASS, STATUS_MEANING, STATUS_WORD } from './format';

/** How long a request may take before the view asks the service how far loading has come. */
const PROGRESS_AFTER_MS = 800;

/**
 * A spinner; while it shows for more than a moment, it asks /readyz whether the service is still
 * loading a tenant into memory (after a restart or a first sync) and says how far it is.
 */
export function Loading({ label = 'Loading' }: { label?: string }) {
  const client = useContext(ApiContext);
  const [progress, setProgress] = useState<ReadyResponse['loading'] | null>(null);
  useEffect(() => {
    if (!client) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = () => {
      client.get<ReadyResponse>('/readyz').then(
        (ready) => {
          if (!live) return;
          setProgress(ready.loading.tenants > 0 ? ready.loading : null);
          timer = setTimeout(poll, 500);
        },
        () => live && (timer = setTimeout(poll, 1000)),
      );
    };
    timer = setTimeout(poll, PROGRESS_AFTER_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client]);
  return (
    <div className="slds-p-around_large" role="status" data-testid="loading">
      <div className="slds-is-relative slds-p-around_large">
        <div className="slds-spinner slds-spinner_small slds-spinner_brand">
          <span className="slds-assistive-text">{label}</span>
          <div className="slds-spinner__dot-a" />
          <div className="slds-spinner__dot-b" />
        </div>
      </div>
      {progress && (
        <p className="slds-text-align_center slds-p-top_small slds-text-body_regular" data-testid="load-progress">
          Getting the scorecards ready: {progress.sellersLoaded.toLocaleString()} of {progress.sellersTotal.toLocaleString()} sellers loaded
        </p>
      )}
    </div>
  );
}

/** What went wrong, in words for the person reading: not allowed and not found are different things. */
export function errorMessage(error: Error, subject = 'this'): string {
  if (!(error instanceof ApiError)) return `Something went wrong: ${error.message}`;
  if (error.status === 401) return 'You are not signed in. Open this page from your CRM again.';
  if (error.status === 403) return subject === 'seller' ? 'You are not allowed to see this seller’s scorecard.' : 'You are not allowed to see this.';
  if (error.status === 404) return subject === 'seller' ? 'There is no such seller here (or they are no longer active).' : error.message;
  if (error.status === 503) return 'The service cannot reach its data right now. Try again in a moment.';
  return error.message;
}

export function ErrorState({ error, onRetry, subject }: { error: Error; onRetry?: () => void; subject?: string }) {
  const retry = !(error instanceof ApiError) || error.status >= 500 || error.status === 429;
  return (
    <div className="slds-notify slds-notify_alert slds-alert_error bs-banner" role="alert" data-testid="error" data-status={error instanceof ApiError ? error.status : ''}>
      <h2>{errorMessage(error, subject)}</h2>
      {onRetry && retry && (
        <button className="slds-button slds-button_inverse slds-m-left_small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** What the status colours mean. */
export function Legend() {
  return (
    <ul className="bs-legend slds-text-body_small slds-m-bottom_small" aria-label="What the colours mean" data-testid="legend">
      {(['green', 'amber', 'red', 'grey'] as const).map((s) => (
        <li key={s}>
          <span className={`bs-swatch ${STATUS_CLASS[s]}`} aria-hidden="true" />
          <strong>{STATUS_WORD[s]}</strong> — {STATUS_MEANING[s]}
        </li>
      ))}
    </ul>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <div className="slds-box slds-theme_shade slds-text-align_center slds-m-around_medium" data-testid="empty">
      {children}
    </div>
  );
}

export function StatusBadge({ status }: { status: IndicatorResult['status'] }) {
  return (
    <span className={`slds-badge ${STATUS_CLASS[status]}`} data-status={status} title={STATUS_WORD[status]}>
      {STATUS_WORD[status]}
    </span>
  );
}
