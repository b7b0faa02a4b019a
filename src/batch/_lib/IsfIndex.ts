import type { Declaration } from '../../records/declarationSchema.js';
import type { IsfFiling } from '../../records/isfFilingSchema.js';

/**
 * ISF filings by bill of lading. An ISF must match the bill at its lowest level, so a declaration with a
 * house bill is matched on the house number, otherwise on the master number. When several filings name
 * the same bill, the one filed last wins (later filings replace earlier ones), ties going to the later
 * one in the file: the choice never depends on how the file was split between threads.
 */
export class IsfIndex {
  private readonly byHouse = new Map<string, { filing: IsfFiling; at: number }>();
  private readonly byMaster = new Map<string, { filing: IsfFiling; at: number }>();

  constructor(filings: readonly IsfFiling[]) {
    for (const filing of filings) {
      const at = filing.filedAt.getTime();
      for (const bill of filing.billsOfLading) {
        if (bill.house !== undefined) keep(this.byHouse, bill.house, filing, at);
        if (bill.master !== undefined) keep(this.byMaster, bill.master, filing, at);
      }
    }
  }

  /** The filing for a declaration's bill of lading, or undefined. */
  find(declaration: Declaration): IsfFiling | undefined {
    const bill = declaration.billOfLading;
    if (bill === undefined) return undefined;
    if (bill.house !== undefined) return this.byHouse.get(bill.house)?.filing;
    return bill.master === undefined ? undefined : this.byMaster.get(bill.master)?.filing;
  }

  /** Number of filings indexed by at least one bill. */
  get size(): number {
    return new Set([...this.byHouse.values(), ...this.byMaster.values()].map((entry) => entry.filing)).size;
  }
}

function keep(map: Map<string, { filing: IsfFiling; at: number }>, key: string, filing: IsfFiling, at: number): void {
  const current = map.get(key);
  if (current === undefined || !(at < current.at)) map.set(key, { filing, at });
}
