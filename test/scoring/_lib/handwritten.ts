import { deriveContext } from '../../../src/context/deriveContext.js';
import { deriveIsfContext } from '../../../src/context/deriveIsfContext.js';
import type { Declaration } from '../../../src/records/declarationSchema.js';
import type { RiskModelSource, RuleSource } from '../../../src/scoring/ScorerOptions.js';
import type { FeatureContribution, ModelExplanation } from '../../../src/types/ModelExplanation.js';
import type { RuleError, RuleHit } from '../../../src/types/RuleHit.js';

// Small, hand-written implementations of the scorer's RuleSource and RiskModelSource interfaces: they let the
// combination policy be tested with points and probabilities we can compute by hand. They are alternative
// implementations of an interface, not stand-ins for the rule engine or the model (tested with the real ones
// in realPackAndModel.test.ts).

const PACK = { packId: 'handwritten', packVersion: '0.1.0' } as const;

function hit(ruleId: string, title: string, points: number, message: string, extra: Partial<RuleHit> = {}): RuleHit {
  return { ruleId, title, description: title, category: 'test', points, message, values: {}, ...PACK, ...extra };
}

/** Rules: late ISF (+20), net above gross per line (+15), watch-listed seller (red, 0), trusted importer (−15). */
export function handwrittenRules(options: { watchList?: readonly string[]; trusted?: readonly string[]; bonus?: number } = {}): RuleSource {
  const watchList = new Set(options.watchList ?? ['SEL-XX-6660']);
  const trusted = new Set(options.trusted ?? []);
  return {
    id: PACK.packId,
    version: PACK.packVersion,
    evaluate(declaration, input) {
      const context = input.context ?? deriveContext(declaration, input);
      const hits: RuleHit[] = [];
      const errors: RuleError[] = [];
      const hours = context.isf?.hoursBeforeLading;
      if (hours !== undefined && hours !== null && hours < 24) {
        hits.push(hit('timeliness.isf-late', 'ISF filed late', 20, `ISF filed ${Math.round(hours)} h before lading; 24 h required`));
      }
      for (const line of context.lines) {
        const { netMassKg, grossMassKg } = line.line;
        if (netMassKg !== undefined && grossMassKg !== undefined && netMassKg > grossMassKg) {
          hits.push(hit('weight.net-above-gross', 'Net mass above gross mass', 15, `line ${line.lineNumber}: net ${netMassKg} kg above gross ${grossMassKg} kg`, { line: line.lineNumber }));
        }
        if (line.valuePerKgNorm === null) {
          errors.push({ ruleId: 'valuation.value-per-kg', title: 'Value per kg implausible', line: line.lineNumber, reason: `no reference norm for HS ${line.hs6}`, ...PACK });
        }
      }
      if (declaration.seller !== undefined && watchList.has(declaration.seller.id)) {
        hits.push(hit('parties.watch-listed', 'Watch-listed party', 0, `seller ${declaration.seller.id} is on the watch list`, { lane: 'red' }));
      }
      if (trusted.has(declaration.importer.id)) hits.push(hit('parties.trusted-trader', 'Trusted trader', -15, `importer ${declaration.importer.id} is a trusted trader (AEO)`));
      if (options.bonus !== undefined) hits.push(hit('test.bonus', 'Test points', options.bonus, `test rule worth ${options.bonus} points`));
      return { hits, errors };
    },
    evaluateIsf(isf) {
      const context = deriveIsfContext(isf);
      const hours = context.hoursBeforeLading;
      const hits = hours !== null && hours < 24 ? [hit('timeliness.isf-late', 'ISF filed late', 20, `ISF filed ${Math.round(hours)} h before lading; 24 h required`)] : [];
      return { hits, errors: [] };
    },
  };
}

/**
 * An additive "model": probability = expected value + one bounded term per feature, so that its exact SHAP
 * values are the terms themselves. Duty rate adds 0.01 per percentage point above 10 (at most ±0.3); a
 * related party adds 0.15; cash in advance 0.1; the importer id's last digit shifts by up to ±0.045 so that
 * generated records spread.
 */
export function handwrittenModel(expectedValue = 0.2, options: { withPredict?: boolean } = {}): RiskModelSource {
  const source: RiskModelSource = {
    version: 'additive-test 1',
    explain(declaration: Declaration): ModelExplanation {
      const duty = Math.max(...declaration.lines.map((line) => line.dutyRate ?? 0));
      const digit = Number(/(\d)\D*$/.exec(declaration.importer.id)?.[1] ?? '5');
      const terms: FeatureContribution[] = [
        { feature: 'max_duty_rate', label: 'highest duty rate', value: duty, formatted: `${duty} %`, shap: Math.max(-0.1, Math.min(0.3, (duty - 10) * 0.01)) },
        { feature: 'related_party', label: 'related-party transaction', value: declaration.relatedParty ? 1 : 0, formatted: declaration.relatedParty ? 'yes' : 'no', shap: declaration.relatedParty ? 0.15 : -0.03 },
        { feature: 'cash_in_advance', label: 'payment terms', value: null, formatted: declaration.paymentTerms ?? 'not given', shap: declaration.paymentTerms === 'cash_in_advance' ? 0.1 : 0 },
        { feature: 'importer_digit', label: 'importer id digit', value: digit, formatted: String(digit), shap: (digit - 4.5) * 0.01 },
      ];
      const probability = expectedValue + terms.reduce((sum, term) => sum + term.shap, 0);
      terms.sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap));
      return { probability, expectedValue, contributions: terms, modelVersion: 'additive-test 1' };
    },
  };
  return options.withPredict === true ? { ...source, predict: (declaration, input) => source.explain(declaration, input).probability, expectedValue } : source;
}
