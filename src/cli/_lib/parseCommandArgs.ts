import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './CliError.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs in strict mode, with its errors turned into one-line usage errors
 * ("unknown option --foo") instead of a stack trace.
 */
export function parseCommandArgs<const T extends Options>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs messages carry advice on a second sentence ("To specify a positional argument …"): keep the first.
    const first = message.split(/\.\s|\n/)[0] ?? message;
    throw usageError(first.replace(/^Unknown option '(.+)'$/, 'unknown option $1').replace(/\.$/, ''));
  }
}

/** A positive integer flag value, or a usage error naming the flag. */
export function positiveIntegerFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw usageError(`--${name} expects a positive integer, got "${value}"`);
  return Number(value);
}

/** An integer flag value (e.g. a seed), or a usage error naming the flag. */
export function integerFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw usageError(`--${name} expects an integer, got "${value}"`);
  return Number(value);
}
