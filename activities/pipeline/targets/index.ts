import { accountsTarget } from './accounts-target';
import { contactsTarget } from './contacts-target';
import type { ImportTarget } from './import-target';

export const IMPORT_TARGETS: Record<'accounts' | 'contacts', ImportTarget<{ external_id: string }>> = {
  accounts: accountsTarget as unknown as ImportTarget<{ external_id: string }>,
  contacts: contactsTarget as unknown as ImportTarget<{ external_id: string }>,
};
