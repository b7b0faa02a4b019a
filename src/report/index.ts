export { renderReport, DEFAULT_MAX_CASES } from './renderReport.js';
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
} from './types.js';
