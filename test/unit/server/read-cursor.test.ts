import { z } from 'zod';
import { readCursor } from '../../../server/src/connectors/crm-connector';

describe('a saved sync cursor, read back by a connector', () => {
  const Schema = z.object({ objects: z.record(z.string(), z.object({ since: z.string().nullable() })) });
  const empty = () => ({ objects: {} });

  it('is the saved cursor when it is in the connector’s own shape', () => {
    expect(readCursor(Schema, JSON.stringify({ objects: { Task: { since: '2026-11-30T23:00:00.000Z' } } }), empty())).toEqual({ objects: { Task: { since: '2026-11-30T23:00:00.000Z' } } });
  });

  it('starts the kind over when there is none, when it is not JSON, or when it is another connector’s shape', () => {
    for (const text of [undefined, '', 'not json', '{"windows":{},"synced":true}', 'null', '[]']) {
      expect(readCursor(Schema, text, empty())).toEqual({ objects: {} });
    }
  });
});
