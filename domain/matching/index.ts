export * from './match-record';
export { splitStreet, type StreetParts } from './street';
export { jaro, jaroWinkler, levenshtein, soundex, tokenJaccard, wordJaccard } from './string-similarity';
export { abbreviatedWords, comparisonsFor, sameAccountName, type Comparison } from './comparisons';
export { blockingKeys, nameKey } from './blocking';
export * from './candidate-pairs';
export * from './match-model';
export { MIN_TRAINING_PAIRS, trainMatchModel, type TrainOptions } from './train-model';
export {
  compileModel,
  explainPair,
  nameRuleWeight,
  NAME_RULE,
  pairEvidence,
  pairWeight,
  scorePair,
  tfAdjustment,
  weightToProbability,
  withNameRule,
  RARE_COMPANIES,
  TF_ADJUSTMENT_CAP,
  type CompiledModel,
  type Contribution,
  type PairEvidence,
  type ScoredPair,
} from './score-pair';
export * from './cluster-records';
export { contributionLine, evidenceForHistory, pairForHistory, toPairForHistory, type PairForHistory } from './pair-for-history';
export { accountContradiction, accountCorroboration, legalFormKey, CONTRADICTION_TEXT, type Contradiction } from './contradictions';
export { hasTooFewFields, isNameOnly, sparseRecords, type SparseRecords } from './sparse-records';
export { matchRecords, type MatchOptions, type MatchResult, type MatchStats } from './match-records';
export * from './evaluation';
