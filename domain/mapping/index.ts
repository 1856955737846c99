/** Declarative column mappings: file format, compilation against a header row, suggestions. */
export { MappingError, type MappingIssue } from './mapping-error';
export {
  ColumnMapping,
  ColumnSpec,
  Mapping,
  MappedScalar,
  MULTI_COLUMN_FIELDS,
  parseMapping,
  ReplaceTransform,
  Transform,
  TRANSFORM_NAMES,
} from './mapping-schema';
export { loadMappingFile, parseJsonText } from './load-mapping-file';
export {
  applyMapping,
  assertNoMissingColumns,
  compileMapping,
  mapField,
  type Cell,
  type ColumnSource,
  type CompiledMapping,
  type CompileOptions,
  type FieldPlan,
  type MappedRow,
  type MissingColumn,
} from './compile-mapping';
export { suggestMapping, type HeaderSuggestion, type MappingSuggestion, type SuggestOptions } from './suggest-mapping';
export { formatSuggestion, mappingToJson } from './format-mapping';
export { HEADER_SYNONYMS, HEADER_LANGUAGES, type HeaderLanguage } from './header-synonyms';
export { foldHeader } from './fold-text';
