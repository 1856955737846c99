import { ENTITY_FIELDS, TARGET_ENTITIES, type AccountField, type ContactField, type TargetEntity } from '../canonical/fields';
import { ACCOUNT_HEADER_SYNONYMS } from './header-synonyms-accounts';
import { CONTACT_HEADER_SYNONYMS } from './header-synonyms-contacts';
import type { SynonymTable } from './header-synonyms-shared';

export { HEADER_LANGUAGES, type HeaderLanguage, type SynonymsByLanguage, type SynonymTable } from './header-synonyms-shared';

/**
 * Facts have no synonym tables yet: a column headed with the field's own name ("issue_date",
 * "Issue date", "total gross") is proposed, anything else is left to the mapping.
 */
function ownNames(entity: TargetEntity): SynonymTable<string> {
  return Object.fromEntries(Object.keys(ENTITY_FIELDS[entity]).map((f) => [f, { en: [f, f.replace(/_/g, ' ')] }]));
}

/** Header spellings per entity and canonical field; `suggestMapping` matches headers against them. */
export const HEADER_SYNONYMS: Record<TargetEntity, SynonymTable<string>> & { accounts: SynonymTable<AccountField>; contacts: SynonymTable<ContactField> } = {
  accounts: ACCOUNT_HEADER_SYNONYMS,
  contacts: CONTACT_HEADER_SYNONYMS,
  ...Object.fromEntries(TARGET_ENTITIES.filter((e) => e !== 'accounts' && e !== 'contacts').map((e) => [e, ownNames(e)])),
} as Record<TargetEntity, SynonymTable<string>> & { accounts: SynonymTable<AccountField>; contacts: SynonymTable<ContactField> };
