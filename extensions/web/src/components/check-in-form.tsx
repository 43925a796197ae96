import { useState } from 'react';
import type { CheckInHistoryResponse, MeResponse } from '@balanced-scorecard/shared';
import { ApiError } from '../api/client';
import { useApi, useApiClient } from '../api/use-api';
import { ErrorState, Loading } from './states';

/** The seller's own monthly check-in: one statement an item, 1 (not at all) to 5 (fully). */
export function CheckInForm({ me }: { me: MeResponse }) {
  const client = useApiClient();
  const sellerId = me.sellerId!;
  const history = useApi<CheckInHistoryResponse>(`/api/v1/sellers/${encodeURIComponent(sellerId)}/check-ins`);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const complete = me.checkInItems.every((i) => answers[i.id] !== undefined);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setStatus({ kind: 'saving' });
    try {
      await client.send('POST', `/api/v1/sellers/${encodeURIComponent(sellerId)}/check-ins`, { answers, note: note.trim() === '' ? null : note.trim() });
      setStatus({ kind: 'saved' });
      setAnswers({});
      setNote('');
      history.reload();
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof ApiError ? error.message : String(error) });
    }
  }

  const ownHistory = history.state === 'success' ? history.data.checkIns.filter((c) => c.by === 'self') : [];
  const last = ownHistory[0];
  return (
    <section className="slds-box slds-m-top_medium" aria-label="Check-in" data-testid="check-in">
      <h2 className="slds-text-heading_medium slds-m-bottom_small">Your check-in (about a minute)</h2>
      <form onSubmit={submit}>
        {me.checkInItems.map((item) => (
          <fieldset key={item.id} className="slds-form-element slds-m-bottom_small">
            <legend className="slds-form-element__legend slds-form-element__label">{item.statement}</legend>
            <div className="slds-form-element__control">
              {[1, 2, 3, 4, 5].map((v) => (
                <label key={v} className="slds-m-right_small">
                  <input type="radio" name={item.id} value={v} checked={answers[item.id] === v} onChange={() => setAnswers({ ...answers, [item.id]: v })} /> {v}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <div className="slds-form-element slds-m-bottom_small">
          <label className="slds-form-element__label" htmlFor="check-in-note">
            Anything to add? (optional)
          </label>
          <textarea id="check-in-note" className="slds-textarea" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        <button className="slds-button slds-button_brand" type="submit" disabled={!complete || status.kind === 'saving'}>
          {status.kind === 'saving' ? 'Saving…' : 'Submit check-in'}
        </button>
        {status.kind === 'saved' && (
          <span className="slds-m-left_small slds-text-color_success" role="status">
            Thank you — saved.
          </span>
        )}
        {status.kind === 'error' && (
          <span className="slds-m-left_small slds-text-color_error" role="alert">
            {status.message}
          </span>
        )}
      </form>
      <div className="slds-m-top_medium" data-testid="last-check-in">
        {history.state === 'loading' && <Loading label="Loading your check-ins" />}
        {history.state === 'error' && <ErrorState error={history.error} onRetry={history.reload} />}
        {history.state === 'success' && !last && <p className="slds-text-color_weak">You have not checked in yet.</p>}
        {last && (
          <>
            <h3 className="slds-text-heading_small">
              Your last check-in, {new Date(last.at).toLocaleString(me.locale)} ({last.periodKey})
            </h3>
            <ul className="slds-list_horizontal slds-has-dividers_right slds-wrap">
              {me.checkInItems.map((i) => (
                <li key={i.id} className="slds-item" data-item={i.id} data-value={last.answers[i.id] ?? ''}>
                  {i.label}: {last.answers[i.id] ?? '—'}
                </li>
              ))}
            </ul>
            {last.note && <p className="slds-m-top_x-small">“{last.note}”</p>}
          </>
        )}
      </div>
    </section>
  );
}
