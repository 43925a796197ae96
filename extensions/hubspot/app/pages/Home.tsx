import { hubspot } from '@hubspot/ui-extensions';
import { TeamHome } from '../cards/lib/TeamHome';

hubspot.extend<'home'>(({ context }) => <TeamHome context={context} />);
