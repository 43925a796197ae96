import { useState } from 'react';
import { CHECK_IN_SCALE_ENDS as SCALE_ENDS, type CheckInHistoryResponse, type MeResponse } from '@balanced-scorecard/shared';
import { ApiError } from '../api/client';
import { useApi, useApiClient } from '../api/use-api';
import { ErrorState, Loading } from './states';

/**
 * The seller's own check-in for the running period: one statement an item, 1 (not at all) to 5
 * (fully). Once this period's check-in is given it shows as done, with a way to give it again.
 */
export function CheckInForm({ me, onSaved }: { me: MeResponse; onSaved?: () => void }) {
  const client = useApiClient();
  const sellerId = me.sellerId!;
  const history = useApi<CheckInHistoryResponse>(`/api/v1/sellers/${encodeURIComponent(sellerId)}/check-ins`);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const [editing, setEditing] = useState(false);
  const missing = me.checkInItems.filter((i) => answers[i.id] === undefined).length;
  const complete = missing === 0;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setStatus({ kind: 'saving' });
    try {
      await client.send('POST', `/api/v1/sellers/${encodeURIComponent(sellerId)}/check-ins`, { answers, note: note.trim() === '' ? null : note.trim() });
      setStatus({ kind: 'saved' });
      setAnswers({});
      setNote('');
      setEditing(false);
      history.reload();
      onSaved?.();
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof ApiError ? error.message : String(error) });
    }
  }

  const ownHistory = history.state === 'success' ? history.data.checkIns.filter((c) => c.by === 'self') : [];
  const last = ownHistory[0];
  const done = last !== undefined && last.periodKey === me.checkInPeriod.key;
  return (
    <section className="slds-box slds-m-top_medium" aria-label="Check-in" data-testid="check-in">
      <h2 className="slds-text-heading_medium slds-m-bottom_small">Your check-in for {me.checkInPeriod.name} (about a minute)</h2>
      {status.kind === 'saved' && (
        <p className="slds-text-color_success slds-m-bottom_small" role="status" data-testid="check-in-saved">
          Thank you — saved. Your scorecard above shows it.
        </p>
      )}
      {done && !editing ? (
        <p data-testid="check-in-done">
          Done for {me.checkInPeriod.name}.{' '}
          <button type="button" className="slds-button" onClick={() => (setEditing(true), setStatus({ kind: 'idle' }))}>
            Edit (give it again)
          </button>
        </p>
      ) : (
        <form onSubmit={submit}>
          <p className="slds-text-body_small slds-text-color_weak slds-m-bottom_x-small">Each statement from 1 (not at all) to 5 (fully).</p>
          {me.checkInItems.map((item) => (
            <fieldset key={item.id} className="slds-form-element slds-m-bottom_small">
              <legend className="slds-form-element__legend slds-form-element__label">{item.statement}</legend>
              <div className="slds-form-element__control">
                {[1, 2, 3, 4, 5].map((v) => (
                  <label key={v} className="slds-m-right_small">
                    <input type="radio" name={item.id} value={v} checked={answers[item.id] === v} onChange={() => setAnswers({ ...answers, [item.id]: v })} /> {v}
                    {v === 1 || v === 5 ? <span className="slds-text-color_weak"> {SCALE_ENDS[v]}</span> : null}
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
          <button className="slds-button slds-button_brand" type="submit" disabled={!complete || status.kind === 'saving'} aria-describedby="check-in-why">
            {status.kind === 'saving' ? 'Saving…' : 'Submit check-in'}
          </button>
          {!complete && (
            <span id="check-in-why" className="slds-m-left_small slds-text-color_weak" data-testid="check-in-why">
              Answer every statement to submit: {missing} of {me.checkInItems.length} left.
            </span>
          )}
          {status.kind === 'error' && (
            <span className="slds-m-left_small slds-text-color_error" role="alert">
              {status.message}
            </span>
          )}
        </form>
      )}
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
