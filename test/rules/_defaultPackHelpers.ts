import { readFileSync } from 'node:fs';
import {
  buildReferenceData,
  evaluateRules,
  loadRulePack,
  parseDeclaration,
  parseIsfFiling,
  type Declaration,
  type HistoricalRecord,
  type IsfFiling,
  type RuleEvaluation,
} from '../../src/index.js';
import { fixturePath, loadFixture } from '../_helpers/fixtures.js';

/** The default pack shipped in `rules/`. */
export const defaultPack = loadRulePack(readFileSync(fixturePath('../rules/default.json'), 'utf8'));

const base = loadFixture('declarations/us-ocean.json');
const baseLine = (base['lines'] as Record<string, unknown>[])[0] as Record<string, unknown>;
const baseIsf = loadFixture('isf/clean-isf10.json');

/** The US-bound T-shirt entry with header and first-line overrides (`line: null` removes a line field). */
export function entry(header: Record<string, unknown> = {}, line: Record<string, unknown> = {}): Declaration {
  const merged: Record<string, unknown> = { ...baseLine, ...line };
  for (const key of Object.keys(merged)) if (merged[key] === null) delete merged[key];
  const document: Record<string, unknown> = { ...base, ...header, lines: [merged] };
  for (const key of Object.keys(document)) if (document[key] === null) delete document[key];
  return parseDeclaration(document);
}

/** The clean ISF-10 of that entry with overrides (`null` removes a field). */
export function isf(overrides: Record<string, unknown> = {}, line: Record<string, unknown> = {}): IsfFiling {
  const lines = baseIsf['lines'] as Record<string, unknown>[];
  const document: Record<string, unknown> = { ...baseIsf, lines: [{ ...lines[0], ...line }], ...overrides };
  for (const key of Object.keys(document)) if (document[key] === null) delete document[key];
  return parseIsfFiling(document);
}

function past(id: string, importer: string, at: string, line: Record<string, unknown>, extra: Record<string, unknown> = {}): Declaration {
  return parseDeclaration({
    ...base,
    id,
    lodgedAt: at,
    importer: { id: importer },
    consignee: { id: importer },
    lines: [{ lineNumber: 1, originCountry: 'BD', quantityUnit: 'PCE', ...line }],
    ...extra,
  });
}

function history(): HistoricalRecord[] {
  const records: HistoricalRecord[] = [];
  // HS 610910 from BD: unit values 3.20 … 4.80 USD (median 4.00), 0.16 … 0.20 kg per piece (median 0.18).
  for (let k = 0; k < 9; k += 1) {
    records.push({
      record: past(`H-TS-${k}`, 'IMP-US-3301', `2023-0${k + 1}-15T10:00:00Z`, { hsCode: '610910', quantity: 1000, netMassKg: 160 + 5 * k, customsValue: 3200 + 200 * k }),
      label: { fraud: false },
    });
  }
  // HS 611020 (same chapter 61): values per kg 5 … 45, widening the chapter band.
  for (let k = 0; k < 9; k += 1) {
    records.push({ record: past(`H-SW-${k}`, 'IMP-US-3301', `2023-0${k + 1}-20T10:00:00Z`, { hsCode: '611020', quantity: 100, netMassKg: 100, customsValue: 500 + 500 * k }) });
  }
  // Importers with dated findings around the 24-month window of 2024-03-21T16:00Z.
  records.push({ record: past('H-F-1', 'IMP-US-7000', '2022-03-21T16:00:00Z', { hsCode: '950300', customsValue: 10 }), label: { fraud: true } });
  records.push({ record: past('H-F-2', 'IMP-US-7001', '2022-03-21T15:59:59Z', { hsCode: '950300', customsValue: 10 }), label: { fraud: true } });
  // An importer first seen one second before the entry.
  records.push({ record: past('H-N-1', 'IMP-US-2002', '2024-03-21T15:59:59Z', { hsCode: '610910', customsValue: 10 }) });
  // Consignees receiving 11 and 10 small shipments in the 30 days before the entry.
  for (let k = 0; k < 11; k += 1) {
    const day = String(k + 1).padStart(2, '0');
    records.push({ record: past(`H-S1-${k}`, 'IMP-US-9100', `2024-03-${day}T08:00:00Z`, { hsCode: '950300', customsValue: 50 }, { consignee: { id: 'CNS-SPLIT-11' } }) });
    if (k < 10) records.push({ record: past(`H-S2-${k}`, 'IMP-US-9101', `2024-03-${day}T08:00:00Z`, { hsCode: '950300', customsValue: 50 }, { consignee: { id: 'CNS-SPLIT-10' } }) });
  }
  return records;
}

/** Reference data from the synthetic history above. */
export const reference = buildReferenceData(history());

/** Runs the default pack with the reference data. */
export function run(declaration: Declaration, options: { isf?: IsfFiling } = {}): RuleEvaluation {
  return evaluateRules(defaultPack, declaration, { reference, ...options });
}
