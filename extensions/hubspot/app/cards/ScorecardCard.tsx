import { hubspot } from '@hubspot/ui-extensions';
import { RecordCard } from './lib/RecordCard';

hubspot.extend<'crm.record.tab'>(({ context }) => <RecordCard context={context} />);
