export { readRecords } from './readRecords.js';
export { kcsLayout } from './kcsLayout.js';
export { defaultLayout } from './defaultLayout.js';
export type { ReadRecordsOptions, ReadIsfOptions, RecordSource } from './readRecords.js';
export type { ReadResult, ReadOk, ReadRejected, OutcomeLabel, RowPosition } from './ReadResult.js';
export type { CsvLayout } from './CsvLayout.js';
export { loadLayout, parseLayout } from './loadLayout.js';
export { writeDeclarationsCsv } from './writeDeclarationsCsv.js';
export type { WriteDeclarationsCsvOptions } from './writeDeclarationsCsv.js';
