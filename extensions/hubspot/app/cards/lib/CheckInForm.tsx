import { useState } from 'react';
import { Alert, Button, Form, Heading, Text, ToggleGroup } from '@hubspot/ui-extensions';
import { CHECK_IN_SCALE_ENDS } from '@balanced-scorecard/shared/src/format';
import { CheckInResponseSchema, type RecordCardResponse } from '@balanced-scorecard/shared/src/model/api';
import type { Api, ApiError } from './api';

type CheckIn = NonNullable<RecordCardResponse['checkIn']>;

const OPTIONS = [1, 2, 3, 4, 5].map((v) => ({ value: String(v), label: v === 1 || v === 5 ? `${v} (${CHECK_IN_SCALE_ENDS[v]})` : String(v) }));

/** The viewer's own check-in for the running period: each item 1 (not at all) to 5 (fully); "done" once given. */
export function CheckInForm({ api, checkIn, locale }: { api: Api; checkIn: CheckIn; locale: string }) {
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [answeredAt, setAnsweredAt] = useState<string | null>(checkIn.answeredAt);
  const [again, setAgain] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (answeredAt !== null && !again) {
    return (
      <Alert title={`Check-in done for ${checkIn.periodName}`} variant="success" testId="check-in-done">
        You answered on {new Date(answeredAt).toLocaleDateString(locale)}.{' '}
        <Button variant="transparent" size="xs" onClick={() => setAgain(true)} testId="check-in-again">
          Answer again
        </Button>
      </Alert>
    );
  }
  const missing = checkIn.items.filter((item) => answers[item.id] === undefined);
  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = await api.send('POST', `/api/v1/sellers/${encodeURIComponent(checkIn.sellerId)}/check-ins`, { answers, periodKey: checkIn.periodKey }, CheckInResponseSchema);
      setAnsweredAt(saved.checkIn.at);
      setAgain(false);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Form onSubmit={() => void submit()} testId="check-in-form">
      <Heading>Your check-in for {checkIn.periodName}</Heading>
      <Text variant="microcopy">Each statement from 1 (not at all) to 5 (fully). Your answers are yours: see the privacy note in the app’s settings.</Text>
      {checkIn.items.map((item) => {
        const issue = error?.issues.find((i) => i.path === `body.answers.${item.id}`);
        return (
          <ToggleGroup
            key={item.id}
            name={item.id}
            label={item.statement}
            toggleType="radioButtonList"
            inline
            options={OPTIONS}
            value={answers[item.id] === undefined ? '' : String(answers[item.id])}
            onChange={(value: string) => setAnswers((a) => ({ ...a, [item.id]: Number(value) }))}
            error={issue !== undefined}
            {...(issue ? { validationMessage: issue.message } : {})}
            testId={`item-${item.id}`}
          />
        );
      })}
      {error && error.issues.length === 0 && <Alert title="Not saved" variant="danger">{error.message}</Alert>}
      <Button type="submit" variant="primary" disabled={saving || missing.length > 0} testId="check-in-submit">
        {saving ? 'Saving…' : missing.length > 0 ? `Answer ${missing.length} more` : 'Save check-in'}
      </Button>
    </Form>
  );
}
