import { z } from 'zod';

// A scored JSONL line as the report reads it. Loose objects: the scorer may add fields the report does not
// show, and the report must keep working when it does. The declaration and ISF, when a line carries them,
// are validated with the record schemas by the reader, not here.

const lane = z.enum(['red', 'yellow', 'blue', 'green']);

const contribution = z.looseObject({
  source: z.enum(['base', 'rule', 'model', 'clipping']),
  id: z.string(),
  label: z.string(),
  points: z.number(),
  line: z.number().int().optional(),
});

const reason = z.looseObject({
  source: z.enum(['rule', 'model']),
  id: z.string(),
  label: z.string(),
  seen: z.string(),
  points: z.number(),
  line: z.number().int().optional(),
  origin: z.string().optional(),
});

const explanation = z.looseObject({
  text: z.string().optional(),
  summary: z.string().optional(),
  reasons: z.array(reason).optional(),
  notEvaluated: z.array(z.string()).optional(),
  sources: z.array(z.string()).optional(),
});

const hit = z.looseObject({
  ruleId: z.string(),
  title: z.string(),
  points: z.number(),
  message: z.string(),
  line: z.number().int().optional(),
  lane: lane.optional(),
  category: z.string().optional(),
  packId: z.string().optional(),
  packVersion: z.string().optional(),
});

/** One line of a scored JSONL file (the `score` command's output). */
export const scoredResultSchema = z.looseObject({
  id: z.string().min(1),
  score: z.number(),
  lane,
  laneReason: z.union([z.literal('threshold'), z.literal('random'), z.templateLiteral(['rule:', z.string().min(1)])]),
  hits: z.array(hit),
  modelProbability: z.number().min(0).max(1).nullable(),
  contributions: z.array(contribution),
  explanation: explanation.optional(),
  declaration: z.unknown().optional(),
  isf: z.unknown().optional(),
});
