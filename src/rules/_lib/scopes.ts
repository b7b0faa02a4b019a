import type { FieldSource } from './fields.js';

// What each scope needs and how it binds the frame. The evaluator reads these properties and never asks
// which scope a rule has.

/** One scope: the fields it provides, what a record must have for it to apply, and whether it runs per line. */
export interface ScopeSpec {
  readonly sources: ReadonlySet<FieldSource>;
  /** The rule applies only to a declaration (its context). */
  readonly needsDeclaration: boolean;
  /** The rule applies only when an ISF is there (joined to the declaration or on its own). */
  readonly needsIsf: boolean;
  /** The rule runs once per goods line of the declaration (possibly zero times) instead of once. */
  readonly perLine: boolean;
}

/** The scopes, by name as written in a pack. */
export const SCOPES: Readonly<Record<string, ScopeSpec>> = {
  declaration: { sources: new Set(['declaration']), needsDeclaration: true, needsIsf: false, perLine: false },
  line: { sources: new Set(['declaration', 'line']), needsDeclaration: true, needsIsf: false, perLine: true },
  isf: { sources: new Set(['isf']), needsDeclaration: false, needsIsf: true, perLine: false },
  'declaration+isf': { sources: new Set(['declaration', 'isf']), needsDeclaration: true, needsIsf: true, perLine: false },
  'line+isf': { sources: new Set(['declaration', 'line', 'isf']), needsDeclaration: true, needsIsf: true, perLine: true },
};
