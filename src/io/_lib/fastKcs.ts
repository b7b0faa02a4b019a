import type { Declaration } from '../../records/declarationSchema.js';
import type { CsvLayout } from '../CsvLayout.js';
import { kcsLayout } from '../kcsLayout.js';
import type { CompiledLayout } from './compileLayout.js';
import { countryAt, FAIL, isoDateMsAt, numberIn } from './fastDeclaration.js';

// The KCS layout is the bulk input (the train split alone is 37,385 rows, real feeds millions), so it
// gets a converter of its own in front of the generic fast path. It reads the text of a row without
// quotes in place: it finds the commas, slices only the cells that stay strings, and reads numbers,
// dates, country codes and labels from the characters, so the row is never split into 22 strings; and
// it builds the record as object literals of a fixed shape. It covers the usual row (every cell plain,
// only Seller ID and Courier ID possibly empty, as in every row of the published data) and returns
// undefined for anything else, which then takes the general path (split, generic fast path, zod).
// The equivalence tests (test/io/fastDeclaration.test.ts) run through it: the KCS sample and the
// edge-value sweep of every KCS column.

/**
 * Shared strings of the one- and two-character cells, indexed by `a` (one character) or `a * 128 + b`
 * (two), for printable ASCII `a`, `b` (33-126): the two ranges of indexes cannot meet. Filled as met.
 */
const SHORT_CELLS: (string | undefined)[] = new Array<string | undefined>(128 * 128).fill(undefined);

/** A converter of KCS rows, with the label of the row it converted last. */
export interface FastKcs {
  /**
   * The declaration of a row without quotes, `text.slice(start, end)` (by default all of `text`), read
   * in place; or undefined to let the general path read it.
   */
  convert(text: string, start?: number, end?: number): Declaration | undefined;
  /** After `convert` returned a record: 0-7, the label as `fraud * 4 + critical` (3: no critical), or -1 for none. */
  label: number;
}

/**
 * The KCS converter, or undefined when the layout is not the built-in `kcs` one or the file lacks a
 * column it reads.
 */
export function compileFastKcs(layout: CsvLayout, compiled: CompiledLayout): FastKcs | undefined {
  if (layout !== kcsLayout || compiled.grouping !== 'row') return undefined;
  if (layout.constants?.['currency'] !== 'KRW' || layout.constants['line.lineNumber'] !== '1') return undefined;
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
  const [ID, DATE, OFFICE, P0, P1, P2, PAYMENT, MODE, DECLARANT, IMPORTER, SELLER, COURIER, HS, EXPORT, ORIGIN, RATE, TAX, INDICATOR, MASS, PRICE] =
    columns as [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];
  const FRAUD = at('label.fraud');
  const CRITICAL = at('label.critical');
  const width = compiled.width;
  // starts[k] / ends[k]: the cell k of the current row is raw.slice(starts[k], ends[k]).
  const starts = new Int32Array(width);
  const ends = new Int32Array(width);

  /** The cell as a string when it needs no trimming, is not empty and not longer than `max`; else undefined. */
  function text(raw: string, k: number, max: number): string | undefined {
    const from = starts[k] ?? 0;
    const to = ends[k] ?? 0;
    const n = to - from;
    if (n === 0 || n > max) return undefined;
    const a = raw.charCodeAt(from);
    const b = raw.charCodeAt(to - 1);
    if (!(a > 32 && a < 127 && b > 32 && b < 127)) return undefined;
    // Cells of one or two characters (most KCS codes) come from a table indexed by those characters,
    // already read above: one shared string per value instead of a fresh one per row, which saves an
    // allocation and its garbage collection. Strings are immutable, so sharing is invisible.
    if (n <= 2) {
      const index = n === 1 ? a : a * 128 + b;
      return (SHORT_CELLS[index] ??= raw.slice(from, to));
    }
    return raw.slice(from, to);
  }

  /** `text`, but an empty cell gives '' (the field is absent). */
  function optional(raw: string, k: number, max: number): string | undefined {
    return starts[k] === ends[k] ? '' : text(raw, k, max);
  }

  function amount(raw: string, k: number): number | undefined {
    const n = numberIn(raw, starts[k] ?? 0, ends[k] ?? 0);
    return n === FAIL || n < 0 ? undefined : n;
  }

  function country(raw: string, k: number): string | undefined {
    const from = starts[k] ?? 0;
    return (ends[k] ?? 0) - from === 2 ? countryAt(raw, from) : undefined;
  }

  // No cache of the last date: comparing its text with `startsWith` (about 35 ns) costs more than reading
  // the ten characters (about 30 ns, measured); the `Date` itself (about 50 ns) is most of the cost.
  function date(raw: string, k: number): Date | undefined {
    const from = starts[k] ?? 0;
    if ((ends[k] ?? 0) - from !== 10) return undefined;
    const ms = isoDateMsAt(raw, from);
    return ms === FAIL || Number.isNaN(ms) ? undefined : new Date(ms);
  }

  /** Plain digits, 5-10 of them, with a lost leading zero restored (as the record model does). */
  function hsCode(raw: string, k: number): string | undefined {
    const from = starts[k] ?? 0;
    const to = ends[k] ?? 0;
    const n = to - from;
    if (n < 5 || n > 10) return undefined;
    for (let i = from; i < to; i++) {
      const c = raw.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
    }
    const digits = raw.slice(from, to);
    return n % 2 === 1 ? `0${digits}` : digits;
  }

  /** `0`/`1` → 0/1, for `label.fraud`; -1 otherwise. */
  function digitCell(raw: string, k: number, max: number): number {
    const from = starts[k] ?? 0;
    if ((ends[k] ?? 0) - from !== 1) return -1;
    const d = raw.charCodeAt(from) - 48;
    return d >= 0 && d <= max ? d : -1;
  }

  const fast: FastKcs = {
    label: -1,
    convert(raw, start = 0, end = raw.length) {
      // Cell boundaries; a row of another width is for the general path to report. The text after `end`
      // (the next rows) is never read: every cell reader stays within its cell.
      let k = 0;
      let from = start;
      let comma = raw.indexOf(',', from);
      while (comma !== -1 && comma < end) {
        if (k === width - 1) return undefined;
        starts[k] = from;
        ends[k++] = comma;
        from = comma + 1;
        comma = raw.indexOf(',', from);
      }
      if (k !== width - 1) return undefined;
      starts[k] = from;
      ends[k] = end;

      let label = -1;
      if (FRAUD !== -1) {
        const fraud = digitCell(raw, FRAUD, 1);
        let critical = 3;
        if (CRITICAL !== -1 && starts[CRITICAL] !== ends[CRITICAL]) critical = digitCell(raw, CRITICAL, 2);
        if (fraud === -1 || critical === -1) return undefined;
        label = fraud * 4 + critical;
      }
      const id = text(raw, ID, 64);
      const lodgedAt = date(raw, DATE);
      const office = text(raw, OFFICE, 64);
      const p0 = text(raw, P0, 16);
      const p1 = text(raw, P1, 16);
      const p2 = text(raw, P2, 16);
      const transportMode = text(raw, MODE, 16);
      const declarant = text(raw, DECLARANT, 64);
      const importer = text(raw, IMPORTER, 64);
      const seller = optional(raw, SELLER, 64);
      const courier = optional(raw, COURIER, 1024);
      const exportCountry = country(raw, EXPORT);
      const paymentTerms = text(raw, PAYMENT, 32);
      const hs = hsCode(raw, HS);
      const originCountry = country(raw, ORIGIN);
      const netMassKg = amount(raw, MASS);
      const customsValue = amount(raw, PRICE);
      const dutyRate = amount(raw, RATE);
      const preference = text(raw, TAX, 32);
      const originIndicator = text(raw, INDICATOR, 1024);
      if (
        id === undefined ||
        lodgedAt === undefined ||
        office === undefined ||
        p0 === undefined ||
        p1 === undefined ||
        p2 === undefined ||
        transportMode === undefined ||
        declarant === undefined ||
        importer === undefined ||
        seller === undefined ||
        courier === undefined ||
        exportCountry === undefined ||
        paymentTerms === undefined ||
        hs === undefined ||
        originCountry === undefined ||
        netMassKg === undefined ||
        customsValue === undefined ||
        dutyRate === undefined ||
        preference === undefined ||
        originIndicator === undefined
      ) {
        return undefined;
      }
      fast.label = label;
      // Keys in the record model's order, as zod writes them; absent fields are left out, not undefined.
      const lines = [{ lineNumber: 1, hsCode: hs, originCountry, netMassKg, customsValue, dutyRate, preference, attributes: { originIndicator } }];
      const procedureCodes = [p0, p1, p2];
      const currency = 'KRW';
      if (seller === '') {
        if (courier === '') {
          return { id, lodgedAt, office, procedureCodes, transportMode, declarant: { id: declarant }, importer: { id: importer }, exportCountry, paymentTerms, currency, lines } satisfies Declaration;
        }
        return { id, lodgedAt, office, procedureCodes, transportMode, declarant: { id: declarant }, importer: { id: importer }, exportCountry, paymentTerms, currency, lines, attributes: { courierId: courier } } satisfies Declaration;
      }
      if (courier === '') {
        return { id, lodgedAt, office, procedureCodes, transportMode, declarant: { id: declarant }, importer: { id: importer }, seller: { id: seller }, exportCountry, paymentTerms, currency, lines } satisfies Declaration;
      }
      return { id, lodgedAt, office, procedureCodes, transportMode, declarant: { id: declarant }, importer: { id: importer }, seller: { id: seller }, exportCountry, paymentTerms, currency, lines, attributes: { courierId: courier } } satisfies Declaration;
    },
  };
  return fast;
}
