import { useContext, useEffect, useState, type ReactNode } from 'react';
import type { IndicatorResult, ReadyResponse } from '@balanced-scorecard/shared';
import { ApiContext } from '../api/use-api';
import { ApiError } from '../api/client';
import { STATUS_CLASS, STATUS_WORD } from './format';

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

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const message = error instanceof ApiError && error.status === 403 ? 'You do not have access to this.' : error.message;
  return (
    <div className="slds-notify slds-notify_alert slds-alert_error" role="alert" data-testid="error">
      <h2>{message}</h2>
      {onRetry && (
        <button className="slds-button slds-button_inverse slds-m-left_small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
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
