import type { FieldSource } from './fields.js';
import type { Frame } from './runtime.js';

// How each scope binds the frame. The evaluator runs a rule through its scope's `run` and never asks
// which scope it is.

/** One scope: the fields it provides, and how it runs a rule body (once, or once per goods line). */
export interface ScopeSpec {
  readonly sources: ReadonlySet<FieldSource>;
  /**
   * Calls `visit` once per binding the scope gives this record (possibly zero times). The state is passed
   * through rather than closed over, so that running a rule allocates no closure.
   */
  readonly run: <S>(frame: Frame, state: S, visit: (frame: Frame, state: S) => void) => void;
}

function perLine<S>(frame: Frame, state: S, visit: (frame: Frame, state: S) => void): void {
  const lines = frame.ctx?.lines ?? [];
  for (let i = 0; i < lines.length; i += 1) {
    frame.line = lines[i] ?? null;
    visit(frame, state);
  }
  frame.line = null;
}

/** The scopes, by name as written in a pack. */
export const SCOPES: Readonly<Record<string, ScopeSpec>> = {
  declaration: {
    sources: new Set(['declaration']),
    run: (frame, state, visit) => {
      if (frame.ctx !== null) visit(frame, state);
    },
  },
  line: {
    sources: new Set(['declaration', 'line']),
    run: (frame, state, visit) => {
      if (frame.ctx !== null) perLine(frame, state, visit);
    },
  },
  isf: {
    sources: new Set(['isf']),
    run: (frame, state, visit) => {
      if (frame.isf !== null) visit(frame, state);
    },
  },
  'declaration+isf': {
    sources: new Set(['declaration', 'isf']),
    run: (frame, state, visit) => {
      if (frame.ctx !== null && frame.isf !== null) visit(frame, state);
    },
  },
  'line+isf': {
    sources: new Set(['declaration', 'line', 'isf']),
    run: (frame, state, visit) => {
      if (frame.ctx !== null && frame.isf !== null) perLine(frame, state, visit);
    },
  },
};
