// The public API. Everything not exported here is internal and may change without notice.

// errors
export { CustomsRiskError } from './errors/CustomsRiskError.js';
export { InputError } from './errors/InputError.js';
export { RulePackError } from './errors/RulePackError.js';
export { ModelError } from './errors/ModelError.js';

// records
export {
  parseDeclaration,
  safeParseDeclaration,
  parseIsfFiling,
  safeParseIsfFiling,
  declarationSchema,
  isfFilingSchema,
  ISF_ELEMENTS,
  MAX_LINES,
} from './records/index.js';
export type {
  Declaration,
  DeclarationInput,
  DeclarationLine,
  Party,
  BillOfLading,
  IsfFiling,
  IsfFilingInput,
  Isf10Filing,
  Isf5Filing,
  IsfParty,
  IsfElement,
  Issue,
  IssueCode,
  SafeParseResult,
} from './records/index.js';

// io (section owned by the intake work)
export { readRecords, kcsLayout, defaultLayout, isfDefaultLayout, loadLayout, parseLayout, writeDeclarationsCsv } from './io/index.js';
export type {
  ReadRecordsOptions,
  ReadIsfOptions,
  RecordSource,
  ReadResult,
  ReadOk,
  ReadRejected,
  OutcomeLabel,
  RowPosition,
  CsvLayout,
  WriteDeclarationsCsvOptions,
} from './io/index.js';

// reference + rules (section owned by the rules work)
export { buildReferenceData, serializeReferenceData, parseReferenceData, safeParseReferenceData } from './reference/index.js';
export type {
  BuildReferenceDataOptions,
  HistoricalRecord,
  ReferenceData,
  ReferenceSummary,
  HsNorm,
  NormStats,
  UnitNormStats,
  ImporterProfile,
  ConsigneeProfile,
} from './reference/index.js';
export { deriveContext, deriveIsfContext } from './context/index.js';
export type { DeriveContextOptions, DeclarationContext, LineContext, ImporterContext, IsfContext, IsfLineView } from './context/index.js';
export {
  loadRulePack,
  safeLoadRulePack,
  evaluateRules,
  evaluateIsfRules,
  mergeRulePacks,
  rulePackSchema,
  rulePackJsonSchema,
  RULE_SCOPES,
  RULE_PACK_LIMITS,
} from './rules/index.js';
export type { EvaluateRulesOptions, RulePack, RuleInfo, RulePackDocument, RuleDocument, RuleScope } from './rules/index.js';

// model (section owned by the model work)
export {
  trainModel,
  serializeModel,
  loadModel,
  evaluateModel,
  trainForest,
  predictForest,
  createTreeShap,
  forestFromMlRandomForest,
  forestToMlRandomForest,
  trainWithMlRandomForest,
  DEFAULT_FEATURES,
  FEATURE_REGISTRY,
  HISTORY_KEYS,
} from './model/index.js';
export type {
  LabelledRecord,
  TrainModelOptions,
  RiskModel,
  ModelInputOptions,
  ModelBatchOptions,
  EvaluateModelOptions,
  ModelEvaluation,
  ForestOptions,
  TrainingMatrix,
  Forest,
  TreeShap,
  FeatureSpec,
  HistoryEncoder,
  HistoryKey,
  FeatureDefinition,
  FeatureInput,
  HistoryStats,
  RankingMetrics,
  TopMetrics,
  CalibrationBin,
  ModelFile,
  MlRandomForestJson,
  MlCartNode,
  FromMlRandomForestOptions,
} from './model/index.js';

// scoring (section owned by the scorer work)
export { createScorer, renderExplanationText, selectionDraw, POLICY_DEFAULTS } from './scoring/index.js';
export type {
  Scorer,
  ScorerOptions,
  ScoreOptions,
  RuleSource,
  RuleSourceInput,
  RiskModelSource,
  ScoringPolicy,
  ModelCalibration,
  LaneThresholds,
  RandomSelection,
  ScoreResult,
  ScoreRejection,
  ScoreOutcome,
  LaneReason,
  Contribution,
  ContributionSource,
  ExplanationReason,
  ScoreBreakdown,
  ScoreExplanation,
  ScoreExplanationData,
  RenderExplanationTextOptions,
} from './scoring/index.js';

// report
export { renderReport } from './report/index.js';
export type {
  RenderReportOptions,
  ReportEntry,
  ReportContribution,
  ReportReason,
  ReportExplanation,
  ReportHit,
  ReportDeclaration,
  ReportDeclarationLine,
  ReportIsf,
  ReportIsfLine,
  ReportParty,
  ReportBill,
  ReportSetting,
} from './report/index.js';

// shared result types
export type { Lane } from './types/Lane.js';
export type { RuleHit, RuleError, RuleEvaluation, ReadValue } from './types/RuleHit.js';
export type { FeatureContribution, ModelExplanation } from './types/ModelExplanation.js';
