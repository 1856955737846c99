/** What an import is asked to do, and the pure row-level decisions it takes on the way. */
export { ImportRequest, type ImportRequestParsed } from './import-request';
export {
  createSummaryRowDetector,
  type SummaryCheck,
  type SummaryReason,
  type SummaryRowDetector,
  type SummaryRowDetectorOptions,
} from './summary-rows';
export { classifyLabel, isFooterText, type LabelKind } from './summary-labels';
