/**
 * Bounds on what a rule pack may contain. Packs come from outside: every size is capped before the work
 * that depends on it (the expression length before mathjs parses it, the pack size before JSON parsing).
 */
export const RULE_PACK_LIMITS = {
  /** Characters of pack JSON. */
  maxPackBytes: 2_000_000,
  maxRules: 500,
  /** Characters of one expression (`when` or a named value). */
  maxExpressionLength: 1_000,
  /** Nesting of parentheses and of the syntax tree. */
  maxDepth: 24,
  /** Syntax-tree nodes of one expression. */
  maxNodes: 400,
  maxLets: 16,
  maxLists: 100,
  maxListItems: 10_000,
  maxItemLength: 128,
  maxTables: 50,
  maxTableEntries: 10_000,
  maxMessageLength: 500,
  maxTextLength: 2_000,
  maxTags: 16,
} as const;
