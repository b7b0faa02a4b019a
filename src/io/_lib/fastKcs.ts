import type { Declaration } from '../../records/declarationSchema.js';
import type { CsvLayout } from '../CsvLayout.js';
import { kcsLayout } from '../kcsLayout.js';
import type { CompiledLayout } from './compileLayout.js';
import { country, FAIL, hs, number, timestamp, type FastDeclaration } from './fastDeclaration.js';

// The KCS layout is the bulk input (the train split alone is 37,385 rows, real feeds millions), so it
// gets a converter of its own on top of the generic fast path: fixed column positions and the record
// built as object literals of a fixed shape, where the generic path loops over column descriptions and
// adds keys one by one. It covers the usual row (every column filled except possibly Seller ID and
// Courier ID, as in every row of the published data) and hands any other row to the generic fast path,
// which hands what it doubts to zod. The equivalence tests (test/io/fastDeclaration.test.ts) run through
// it: the KCS sample and the edge-value sweep of every KCS column.

/** The cell itself when it needs no trimming, is not empty and not longer than `max`; else undefined. */
function plain(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  const n = value.length;
  if (n === 0 || n > max) return undefined;
  const a = value.charCodeAt(0);
  const b = value.charCodeAt(n - 1);
  return a > 32 && a < 127 && b > 32 && b < 127 ? value : undefined;
}

function amount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = number(value);
  return n === FAIL || n < 0 ? undefined : n;
}

/**
 * The KCS converter, or undefined when the layout is not the built-in `kcs` one or the file lacks a
 * column it reads.
 * @param generic The generic fast path of the same layout, for the rows this one does not cover.
 */
export function compileFastKcs(layout: CsvLayout, compiled: CompiledLayout, generic: FastDeclaration | undefined): FastDeclaration | undefined {
  if (layout !== kcsLayout || generic === undefined || compiled.grouping !== 'row') return undefined;
  const at = (path: string) => compiled.targets.indexOf(path);
  const columns = [
    'id',
    'lodgedAt',
    'office',
    'procedureCodes.0',
    'procedureCodes.1',
    'procedureCodes.2',
    'paymentTerms',
    'transportMode',
    'declarant.id',
    'importer.id',
    'seller.id',
    'attributes.courierId',
    'line.hsCode',
    'exportCountry',
    'line.originCountry',
    'line.dutyRate',
    'line.preference',
    'line.attributes.originIndicator',
    'line.netMassKg',
    'line.customsValue',
  ].map(at);
  if (columns.includes(-1)) return undefined;
  const [ID, DATE, OFFICE, P0, P1, P2, PAYMENT, MODE, DECLARANT, IMPORTER, SELLER, COURIER, HS, EXPORT, ORIGIN, RATE, TAX, INDICATOR, MASS, PRICE] = columns as [
    number, number, number, number, number, number, number, number, number, number,
    number, number, number, number, number, number, number, number, number, number,
  ];
  // The constants of the layout, checked once.
  const currency = layout.constants?.['currency'];
  if (currency !== 'KRW' || layout.constants?.['line.lineNumber'] !== '1') return undefined;

  return (rows) => {
    const f = rows[0];
    if (rows.length !== 1 || f === undefined) return generic(rows);
    const id = plain(f[ID], 64);
    const lodgedAt = timestamp(f[DATE] ?? '');
    const office = plain(f[OFFICE], 64);
    const p0 = plain(f[P0], 16);
    const p1 = plain(f[P1], 16);
    const p2 = plain(f[P2], 16);
    const transportMode = plain(f[MODE], 16);
    const declarant = plain(f[DECLARANT], 64);
    const importer = plain(f[IMPORTER], 64);
    const sellerCell = f[SELLER] ?? '';
    const seller = sellerCell === '' ? '' : plain(sellerCell, 64);
    const courierCell = f[COURIER] ?? '';
    const courier = courierCell === '' ? '' : plain(courierCell, 1024);
    const exportCountry = country(f[EXPORT] ?? '');
    const paymentTerms = plain(f[PAYMENT], 32);
    const hsCode = hs(f[HS] ?? '');
    const originCountry = country(f[ORIGIN] ?? '');
    const netMassKg = amount(f[MASS]);
    const customsValue = amount(f[PRICE]);
    const dutyRate = amount(f[RATE]);
    const preference = plain(f[TAX], 32);
    const originIndicator = plain(f[INDICATOR], 1024);
    if (
      id === undefined ||
      lodgedAt === FAIL ||
      office === undefined ||
      p0 === undefined ||
      p1 === undefined ||
      p2 === undefined ||
      transportMode === undefined ||
      declarant === undefined ||
      importer === undefined ||
      seller === undefined ||
      courier === undefined ||
      exportCountry === FAIL ||
      paymentTerms === undefined ||
      hsCode === FAIL ||
      originCountry === FAIL ||
      netMassKg === undefined ||
      customsValue === undefined ||
      dutyRate === undefined ||
      preference === undefined ||
      originIndicator === undefined
    ) {
      return generic(rows);
    }
    // Keys in the record model's order, as zod writes them.
    const lines = [
      {
        lineNumber: 1,
        hsCode: hsCode as string,
        originCountry: originCountry as string,
        netMassKg,
        customsValue,
        dutyRate,
        preference,
        attributes: { originIndicator },
      },
    ];
    const procedureCodes = [p0, p1, p2];
    const date = lodgedAt as Date;
    const from = exportCountry as string;
    if (seller === '') {
      if (courier === '') {
        return { id, lodgedAt: date, office, procedureCodes, transportMode, declarant: { id: declarant }, importer: { id: importer }, exportCountry: from, paymentTerms, currency, lines } satisfies Declaration;
      }
      return { id, lodgedAt: date, office, procedureCodes, transportMode, declarant: { id: declarant }, importer: { id: importer }, exportCountry: from, paymentTerms, currency, lines, attributes: { courierId: courier } } satisfies Declaration;
    }
    if (courier === '') {
      return { id, lodgedAt: date, office, procedureCodes, transportMode, declarant: { id: declarant }, importer: { id: importer }, seller: { id: seller }, exportCountry: from, paymentTerms, currency, lines } satisfies Declaration;
    }
    return { id, lodgedAt: date, office, procedureCodes, transportMode, declarant: { id: declarant }, importer: { id: importer }, seller: { id: seller }, exportCountry: from, paymentTerms, currency, lines, attributes: { courierId: courier } } satisfies Declaration;
  };
}
