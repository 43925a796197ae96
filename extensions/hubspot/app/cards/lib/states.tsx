import { Button, EmptyState, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { ApiError } from './api';

export function Loading({ label, testId = 'loading' }: { label: string; testId?: string }) {
  return <LoadingSpinner label={label} showLabel layout="centered" testId={testId} />;
}

/** A failed load: what went wrong in words, and a way to try again. */
export function Failed({ error, onRetry, testId = 'error' }: { error: ApiError; onRetry: () => void; testId?: string }) {
  return (
    <ErrorState title="The scorecard could not be loaded" testId={testId}>
      <Text>{error.message}</Text>
      <Button onClick={() => onRetry()} testId="retry">
        Try again
      </Button>
    </ErrorState>
  );
}

/** For a viewer who is no seller, manager or admin of this account. */
export function NotAllowed({ message }: { message: string }) {
  return (
    <ErrorState title="Not available to you" type="lock" testId="not-allowed">
      <Text>{message}</Text>
    </ErrorState>
  );
}

export function NoData({ title, children }: { title: string; children: string }) {
  return (
    <EmptyState title={title} layout="vertical" imageName="emptyStateCharts" testId="no-data">
      <Text>{children}</Text>
    </EmptyState>
  );
}
