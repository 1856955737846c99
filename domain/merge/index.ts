/** Merge domain (pure): survivorship rules and the golden record they derive. */
export { surviveRecord, isEmptyValue, SurvivorshipInput, SurvivorshipSource, type FieldLineage, type SurvivorshipResult } from './survivorship';
export { ACCOUNT_RULES, CONTACT_RULES, SOURCE_PRIORITY, SURVIVORSHIP_RULES, SourceKind, survivingFields, type FieldRule, type RuleKind, type SurvivorshipEntity } from './survivorship-rules';
export { orderedPair, chooseSurvivor, type SurvivorCandidate } from './pairs';
export { collapseMembers, type GroupMember } from './collapse-rows';
