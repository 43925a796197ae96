import { hubspot } from '@hubspot/ui-extensions';
import { AdminSettings } from '../cards/lib/AdminSettings';

hubspot.extend<'settings'>(({ context }) => <AdminSettings context={context} />);
