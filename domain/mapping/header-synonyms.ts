import type { AccountField, ContactField, TargetEntity } from '../canonical/fields';
import { ACCOUNT_HEADER_SYNONYMS } from './header-synonyms-accounts';
import { CONTACT_HEADER_SYNONYMS } from './header-synonyms-contacts';
import type { SynonymTable } from './header-synonyms-shared';

export { HEADER_LANGUAGES, type HeaderLanguage, type SynonymsByLanguage, type SynonymTable } from './header-synonyms-shared';

/** Header spellings per entity and canonical field; `suggestMapping` matches headers against them. */
export const HEADER_SYNONYMS: { accounts: SynonymTable<AccountField>; contacts: SynonymTable<ContactField> } = {
  accounts: ACCOUNT_HEADER_SYNONYMS,
  contacts: CONTACT_HEADER_SYNONYMS,
} satisfies Record<TargetEntity, unknown>;
