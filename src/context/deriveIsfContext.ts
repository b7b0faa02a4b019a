import type { Declaration } from '../records/declarationSchema.js';
import type { IsfElement, IsfFiling } from '../records/isfFilingSchema.js';
import type { IsfContext } from './DeclarationContext.js';
import { sameParty } from './_lib/sameParty.js';

const HOUR = 3_600_000;
const CRITICAL: ReadonlySet<IsfElement> = new Set(['hts', 'origin', 'manufacturer', 'seller']);
const FLEXIBLE_ELEMENTS: ReadonlySet<IsfElement> = new Set(['stuffing_location', 'consolidator']);

const hoursBetween = (from: Date, to: Date | undefined) => (to === undefined ? null : (to.getTime() - from.getTime()) / HOUR);
const distinctSorted = (values: Iterable<string>) => [...new Set(values)].sort();

/**
 * Derives the ISF values rules and features read: lead times, flexible-filing completion, amendments after
 * lading, and (with a declaration) the bill and party cross-checks.
 * @param filing A validated ISF-10 or ISF-5.
 * @param declaration The entry the ISF is joined to, when there is one.
 * @example
 * deriveIsfContext(isf).hoursBeforeLading //=> 48
 */
export function deriveIsfContext(filing: IsfFiling, declaration?: Declaration): IsfContext {
  const ladingTime = filing.estimatedLadingAt?.getTime();
  let amendmentsAfterLading = 0;
  let criticalChangesAfterLading = 0;
  let completedAt: Date = filing.filedAt;
  for (const amendment of filing.amendments) {
    if (amendment.elements.some((element) => FLEXIBLE_ELEMENTS.has(element)) && amendment.at > completedAt) completedAt = amendment.at;
    if (ladingTime === undefined || amendment.at.getTime() <= ladingTime) continue;
    amendmentsAfterLading += 1;
    if (amendment.elements.some((element) => CRITICAL.has(element))) criticalChangesAfterLading += 1;
  }
  const isf10 = filing.type === 'ISF-10' ? filing : undefined;
  const flexible = isf10?.flexibleFiling !== undefined;
  const flexibleCompleted =
    isf10 === undefined || isf10.flexibleFiling === undefined || isf10.flexibleFiling === 'CT' || (isf10.stuffingLocation !== undefined && isf10.consolidator !== undefined);

  let matchesBill: boolean | null = null;
  let shipToMatchesConsignee: boolean | null = null;
  if (declaration !== undefined) {
    const bill = declaration.billOfLading;
    if (bill !== undefined) {
      matchesBill = filing.billsOfLading.some(
        (other) => (bill.house !== undefined && other.house === bill.house) || (bill.master !== undefined && other.master === bill.master),
      );
    }
    const consignee = declaration.consignee ?? declaration.importer;
    shipToMatchesConsignee = sameParty(filing.shipTo, consignee);
  }

  return {
    filing,
    hoursBeforeLading: hoursBetween(filing.filedAt, filing.estimatedLadingAt),
    hoursBeforeArrival: hoursBetween(filing.filedAt, filing.estimatedArrivalAt),
    flexible,
    flexibleCompleted,
    flexibleCompletedHoursBeforeArrival: flexible && flexibleCompleted ? hoursBetween(completedAt, filing.estimatedArrivalAt) : null,
    amendmentCount: filing.amendments.length,
    amendmentsAfterLading,
    criticalChangesAfterLading,
    hs6Codes: distinctSorted(filing.lines.map((line) => line.htsCode.slice(0, 6))),
    originCountries: isf10 === undefined ? [] : distinctSorted(isf10.lines.map((line) => line.originCountry)),
    manufacturerCountries: isf10 === undefined ? [] : distinctSorted(isf10.lines.map((line) => line.manufacturer.country)),
    matchesBill,
    shipToMatchesConsignee,
    shipToMatchesBuyer: isf10 === undefined ? null : sameParty(isf10.shipTo, isf10.buyer),
  };
}
