/** Deterministic generator of raw declarations for property tests (a tiny LCG: tests must not use Math.random). */
export function generateDeclarations(count: number, seed = 1): Record<string, unknown>[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const records: Record<string, unknown>[] = [];
  for (let index = 0; index < count; index += 1) {
    const lines = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, line) => {
      const net = Math.round(next() * 5000);
      return {
        lineNumber: line + 1,
        hsCode: pick(['610910', '8471300000', '7306305028', '090121']),
        originCountry: pick(['CN', 'BD', 'VN', 'DE']),
        quantity: 1 + Math.floor(next() * 1000),
        quantityUnit: 'PCE',
        netMassKg: net,
        grossMassKg: Math.round(net * (0.9 + next() * 0.3)),
        customsValue: Math.round(next() * 100000),
        dutyRate: pick([0, 5, 12, 16.5, 25, 40]),
      };
    });
    records.push({
      id: `GEN-${String(index).padStart(6, '0')}`,
      lodgedAt: '2024-05-01T10:00:00Z',
      office: '2704',
      importer: { id: `IMP-${Math.floor(next() * 100)}` },
      seller: { id: pick(['SEL-1', 'SEL-2', 'SEL-XX-6660', 'SEL-3', 'SEL-4', 'SEL-5', 'SEL-6', 'SEL-7']) },
      paymentTerms: pick(['open_account', 'cash_in_advance', 'letter_of_credit']),
      relatedParty: next() < 0.3,
      currency: 'USD',
      lines,
    });
  }
  return records;
}
