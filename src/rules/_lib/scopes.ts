import type { FieldSource } from './fields.js';
import type { Frame } from './runtime.js';

// How each scope binds the frame. The evaluator runs a rule through its scope's `run` and never asks
// which scope it is.

/** One scope: the fields it provides, and how it runs a rule body (once, or once per goods line). */
export interface ScopeSpec {
  readonly sources: ReadonlySet<FieldSource>;
  /** Calls `body` once per binding the scope gives this record (possibly zero times). */
  readonly run: (frame: Frame, body: (frame: Frame) => void) => void;
}

function perLine(frame: Frame, body: (frame: Frame) => void): void {
  const lines = frame.ctx?.lines ?? [];
  for (let i = 0; i < lines.length; i += 1) {
    frame.line = lines[i] ?? null;
    body(frame);
  }
  frame.line = null;
}

/** The scopes, by name as written in a pack. */
export const SCOPES: Readonly<Record<string, ScopeSpec>> = {
  declaration: {
    sources: new Set(['declaration']),
    run: (frame, body) => {
      if (frame.ctx !== null) body(frame);
    },
  },
  line: {
    sources: new Set(['declaration', 'line']),
    run: (frame, body) => {
      if (frame.ctx !== null) perLine(frame, body);
    },
  },
  isf: {
    sources: new Set(['isf']),
    run: (frame, body) => {
      if (frame.isf !== null) body(frame);
    },
  },
  'declaration+isf': {
    sources: new Set(['declaration', 'isf']),
    run: (frame, body) => {
      if (frame.ctx !== null && frame.isf !== null) body(frame);
    },
  },
  'line+isf': {
    sources: new Set(['declaration', 'line', 'isf']),
    run: (frame, body) => {
      if (frame.ctx !== null && frame.isf !== null) perLine(frame, body);
    },
  },
};
