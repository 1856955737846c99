/** Merges, unmerges and the review queue: the database side of issue 4 (pure rules in domain/merge). */
export { mergeRecords, mergeInTransaction, mergeMany, defaultSurvivor, markCrmhubWriter, type MergeRequest, type MergeOutcome, type Refusal, type Change, type Deletion } from './merge-records';
export { unmerge, type UnmergeResult } from './unmerge';
export { enqueueReview, listReview, showReview, acceptReview, rejectReview, ReviewPairInput, type ReviewItem, type ReviewDetail, type AcceptResult } from './review-queue';
export { applyMergePlan, applyMergePlanInTransaction, automaticMerges, MERGE_LEDGER_TABLES, type TransactionApplyResult, type PlanCluster, type ApplyOptions, type ApplyResult } from './apply-merge-plan';
export { MergeRefusedError } from './errors';
export { SOURCE_ENTITY_TYPE, type MergeEntity } from './entity-tables';
export { writeSurvivors, survivorValues, loadSurvivorshipSources } from './survivor-values';
