import type { RulePack } from '../RulePack.js';
import type { CompiledPack } from './compilePack.js';

// Compiled closures stay out of the public `RulePack` object: a pack can be logged or inspected without
// exposing them, and only packs made by the loader can be evaluated.
const compiled = new WeakMap<RulePack, CompiledPack>();

/** Remembers the compiled form of a pack made by the loader. */
export function register(pack: CompiledPack): RulePack {
  compiled.set(pack.pack, pack);
  return pack.pack;
}

/** The compiled form of a pack; throws a `TypeError` for objects the loader did not make. */
export function compiledOf(pack: RulePack): CompiledPack {
  const found = compiled.get(pack);
  if (found === undefined) throw new TypeError('evaluateRules: expected a pack returned by loadRulePack');
  return found;
}
