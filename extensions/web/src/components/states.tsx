import type { ReactNode } from 'react';
import type { IndicatorResult } from '@balanced-scorecard/shared';
import { ApiError } from '../api/client';
import { STATUS_CLASS, STATUS_WORD } from './format';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="slds-is-relative slds-p-around_large" role="status" data-testid="loading">
      <div className="slds-spinner slds-spinner_small slds-spinner_brand">
        <span className="slds-assistive-text">{label}</span>
        <div className="slds-spinner__dot-a" />
        <div className="slds-spinner__dot-b" />
      </div>
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
