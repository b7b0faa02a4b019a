import { describe, expect, test } from 'vitest';
import { deriveContext, parseDeclaration, type DeclarationContext } from '../../src/index.js';
import { compileExpression, type CompileEnv } from '../../src/rules/_lib/compileExpression.js';
import { EvalFailure, type Frame, type Value } from '../../src/rules/_lib/runtime.js';
import { entry } from './_defaultPackHelpers.js';

// Every expression is compiled twice over: `evaluate` throws an EvalFailure when a value is missing,
// `attempt` returns undefined with the reason in the frame. Both must agree on every record: the same
// value, or a failure with the same reason.

const env = (): CompileEnv => ({
  sources: new Set(['declaration', 'line']),
  lets: new Map(),
  lists: new Map([['risky', { items: ['KP', 'IR'], set: new Set(['KP', 'IR']) }]]),
  tables: new Map([['limits', { entries: new Map<string, number | string>([['USD', 800]]), type: 'number' as const }]]),
  fieldsRead: new Set(),
});

const kcsRow = parseDeclaration({
  id: 'K1',
  lodgedAt: '2021-01-04',
  office: '30',
  transportMode: '10',
  importer: { id: 'IMP-1' },
  currency: 'KRW',
  lines: [{ lineNumber: 1, hsCode: '90121', originCountry: 'CN', netMassKg: 0, customsValue: 1000, dutyRate: 8 }],
});
const contexts: DeclarationContext[] = [kcsRow, entry(), entry({}, { grossMassKg: null, quantity: null }), entry({ paymentTerms: null }, { description: 'parts', netMassKg: 0 })].map((d) =>
  deriveContext(d),
);

const EXPRESSIONS = [
  'line.netMassKg > line.grossMassKg',
  'line.grossMassKg < line.netMassKg',
  'line.netMassKg >= 1 and line.grossMassKg <= 1',
  'line.netMassKg < 0 or line.grossMassKg > 0',
  'line.quantity == 1 xor line.netMassKg == 0',
  'not (line.grossMassKg != 3)',
  '-line.grossMassKg < +line.quantity',
  'line.customsValue / line.netMassKg > 1',
  'line.customsValue mod line.netMassKg == 0',
  'line.customsValue / line.quantity > line.grossMassKg * 2',
  'line.unitValueRatio < 0.5',
  '(line.quantity > 0 ? line.grossMassKg : line.netMassKg) > 1',
  'word_count(line.description) < 3',
  'contains_any(line.description, \'risky\') or starts_with_any(line.originCountry, \'risky\')',
  'in_list(declaration.paymentTerms, \'risky\')',
  'concat(line.description, line.preference, line.originCountry) == \'x\'',
  'round(line.grossMassKg, line.quantity) > 1',
  'min(line.quantity, line.grossMassKg) > 1',
  "lookup('limits', declaration.paymentTerms, line.quantity) > 1",
  "lookup('limits', declaration.currency) > 1",
  'coalesce(line.grossMassKg, line.quantity) > 1',
  'is_missing(line.grossMassKg) and line.quantity > 1',
  'not is_missing(line.grossMassKg) and line.quantity > 1',
  'not is_missing(line.quantity) or line.grossMassKg < 1',
  'is_missing(line.quantity) and line.grossMassKg < 1',
  'sum_lines(line.grossMassKg) > 1',
  'any_line(line.quantity > 1)',
];

type Outcome = { value: Value } | { failure: string };

function frame(context: DeclarationContext): Frame {
  return { ctx: context, isf: null, line: context.lines[0] ?? null, outerLine: null, lets: [], letMask: 0, failure: '' };
}
function outcome(run: (frame: Frame) => Value | undefined, f: Frame): Outcome {
  try {
    const value = run(f);
    return value === undefined ? { failure: f.failure } : { value };
  } catch (error) {
    if (!(error instanceof EvalFailure)) throw error;
    return { failure: error.message };
  }
}

describe('compiled expressions, attempt against evaluate', () => {
  test('give the same value or the same failure reason on records with missing fields', () => {
    let failures = 0;
    for (const expression of EXPRESSIONS) {
      const compiled = compileExpression(expression, env());
      for (const context of contexts) {
        const thrown = outcome(compiled.evaluate, frame(context));
        expect(outcome(compiled.attempt, frame(context)), `${expression} on ${context.declaration.id}`).toEqual(thrown);
        if ('failure' in thrown) failures += 1;
      }
    }
    // The set exercises failures, not only values.
    expect(failures).toBeGreaterThan(30);
  });

  test('report a missing field without throwing', () => {
    const compiled = compileExpression('line.netMassKg > line.grossMassKg', env());
    const f = frame(contexts[0] as DeclarationContext);
    expect(compiled.attempt(f)).toBeUndefined();
    expect(f.failure).toBe('`line.grossMassKg` is missing');
    const words = compileExpression("is_missing(line.preference) and word_count(line.description) < 3", env());
    const g = frame(contexts[0] as DeclarationContext);
    expect(words.attempt(g)).toBeUndefined();
    expect(g.failure).toBe('`line.description` is missing');
  });
});
