export * from './match-record';
export { splitStreet, type StreetParts } from './street';
export { jaro, jaroWinkler, levenshtein, soundex, tokenJaccard, wordJaccard } from './string-similarity';
export { comparisonsFor, type Comparison } from './comparisons';
export { blockingKeys, nameKey } from './blocking';
export * from './candidate-pairs';
export * from './match-model';
export { MIN_TRAINING_PAIRS, trainMatchModel, type TrainOptions } from './train-model';
export {
  compileModel,
  explainPair,
  pairEvidence,
  pairWeight,
  scorePair,
  tfAdjustment,
  weightToProbability,
  TF_ADJUSTMENT_CAP,
  type CompiledModel,
  type Contribution,
  type PairEvidence,
  type ScoredPair,
} from './score-pair';
export * from './cluster-records';
export { matchRecords, type MatchOptions, type MatchResult, type MatchStats } from './match-records';
export * from './evaluation';
