import type { DemoUsersResponse } from '@balanced-scorecard/shared';
import { useApi } from '../api/use-api';

/** Demo mode only: the server answers /api/v1/demo/users only then, so this banner never shows elsewhere. */
export function DemoPicker({ userId, onPick }: { userId: string | null; onPick: (userId: string) => void }) {
  const users = useApi<DemoUsersResponse>('/api/v1/demo/users');
  if (users.state !== 'success') return null;
  return (
    <div className="slds-notify slds-notify_alert slds-alert_warning bs-banner" role="region" aria-label="Demo mode" data-testid="demo-picker">
      <strong>Demo mode — sample data.</strong>
      <label htmlFor="demo-user">
        View as
      </label>
      <select id="demo-user" className="slds-select" style={{ width: 'auto' }} value={userId ?? ''} onChange={(e) => onPick(e.target.value)}>
        <option value="" disabled>
          choose a person…
        </option>
        {users.data.users.map((u) => (
          <option key={u.userId} value={u.userId}>
            {u.name} — {u.role}
            {u.teamName ? `, ${u.teamName}` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
