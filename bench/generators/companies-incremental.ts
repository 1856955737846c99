/**
 * An incremental batch for a CRM already loaded with `companyRows({ records: baseRecords, seed })`:
 * new source records of companies the CRM already has (record k = 5, which the base never holds,
 * so ids stay unique) mixed with records of companies it has not seen (entities after the base's
 * last one; their namesakes still point at base companies, so the hard negatives come along).
 * Ids use the same "E<entity>-<k>" truth as the base, so an incremental run is scored like a full one.
 * Pure and O(1) memory: batch row j is a function of (seed, baseRecords, records, newShare, j).
 */
import { makePermutation, mixSeed } from './prng';
import { companyEntity } from './companies-entity';
import { companyEntityCount, companyRecord, type CompanyRow } from './companies-rows';

export interface CompanyBatchOptions {
  seed: number;
  /** Records of the base load the batch comes after. */
  baseRecords: number;
  /** Records in the batch. */
  records: number;
  /** Share of the batch that is new companies (0..1); the rest are duplicates of base companies. */
  newShare: number;
}

/** The record index k of a batch record of a base company: above the 1–5 records (k 0–4) of the base. */
export const BATCH_RECORD_K = 5;

export function* companyBatchRows(opts: CompanyBatchOptions): Generator<CompanyRow> {
  const { seed, records } = opts;
  if (!(opts.newShare >= 0 && opts.newShare <= 1)) throw new Error(`newShare must be in [0, 1]: ${opts.newShare}`);
  if (records === 0) return;
  const { entities } = companyEntityCount({ seed, records: opts.baseRecords });
  const fresh = Math.round(records * opts.newShare);
  const existing = records - fresh;
  if (existing > entities) throw new Error(`a batch of ${existing} records of existing companies needs at least that many companies in the base (${entities})`);
  // Distinct base companies (a keyed permutation), in an order unrelated to the base file's.
  const pickBase = entities > 0 ? makePermutation(entities, mixSeed(seed, 0xba5e)) : () => 0;
  const order = makePermutation(records, mixSeed(seed, 0x0bde));
  for (let p = 0; p < records; p++) {
    const j = order(p);
    if (j < existing) {
      yield companyRecord(seed, companyEntity(seed, pickBase(j)), BATCH_RECORD_K);
    } else {
      yield companyRecord(seed, companyEntity(seed, entities + (j - existing)), 0);
    }
  }
}
