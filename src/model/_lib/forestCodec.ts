import { createHash } from 'node:crypto';
import type { Forest } from '../Forest.js';

/** The forest as stored in a model file: typed arrays as little-endian base64, with a checksum over them. */
export interface EncodedForest {
  readonly trees: number;
  readonly nodes: number;
  readonly features: number;
  readonly treeStarts: string;
  readonly feature: string;
  readonly threshold: string;
  readonly left: string;
  readonly missingRight: string;
  readonly value: string;
  readonly cover: string;
  /** SHA-256 (hex) of the decoded arrays in the order above. */
  readonly sha256: string;
}

const ARRAYS = ['treeStarts', 'feature', 'threshold', 'left', 'missingRight', 'value', 'cover'] as const;

// Model files are little-endian; on a big-endian host the byte order would need swapping.
const bytesOf = (array: Int32Array | Float64Array | Uint8Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/** Checksum of a forest's arrays: detects a tampered or corrupted forest before it scores anything. */
export function forestChecksum(forest: Forest): string {
  const hash = createHash('sha256');
  for (const name of ARRAYS) hash.update(bytesOf(forest[name]));
  return hash.digest('hex');
}

/** Encodes a forest for a model file. */
export function encodeForest(forest: Forest): EncodedForest {
  return {
    trees: forest.treeStarts.length - 1,
    nodes: forest.feature.length,
    features: forest.features,
    treeStarts: bytesOf(forest.treeStarts).toString('base64'),
    feature: bytesOf(forest.feature).toString('base64'),
    threshold: bytesOf(forest.threshold).toString('base64'),
    left: bytesOf(forest.left).toString('base64'),
    missingRight: bytesOf(forest.missingRight).toString('base64'),
    value: bytesOf(forest.value).toString('base64'),
    cover: bytesOf(forest.cover).toString('base64'),
    sha256: forestChecksum(forest),
  };
}

function decode<T extends Int32Array | Float64Array | Uint8Array>(
  text: string,
  make: (buffer: ArrayBuffer) => T,
  bytesPer: number,
  expected: number,
  name: string,
): T {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== expected * bytesPer) {
    throw new Error(`forest.${name}: expected ${expected} values (${expected * bytesPer} bytes), found ${bytes.length} bytes`);
  }
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return make(copy);
}

/**
 * Decodes and checks a forest: sizes, checksum, and a structure that cannot loop or read outside the
 * arrays (children inside their tree and after their parent, split features in range). Throws an Error
 * naming the problem.
 */
export function decodeForest(encoded: EncodedForest): Forest {
  const { trees, nodes, features } = encoded;
  const forest: Forest = {
    features,
    treeStarts: decode(encoded.treeStarts, (b) => new Int32Array(b), 4, trees + 1, 'treeStarts'),
    feature: decode(encoded.feature, (b) => new Int32Array(b), 4, nodes, 'feature'),
    threshold: decode(encoded.threshold, (b) => new Float64Array(b), 8, nodes, 'threshold'),
    left: decode(encoded.left, (b) => new Int32Array(b), 4, nodes, 'left'),
    missingRight: decode(encoded.missingRight, (b) => new Uint8Array(b), 1, nodes, 'missingRight'),
    value: decode(encoded.value, (b) => new Float64Array(b), 8, nodes, 'value'),
    cover: decode(encoded.cover, (b) => new Float64Array(b), 8, nodes, 'cover'),
  };
  const checksum = forestChecksum(forest);
  if (checksum !== encoded.sha256) {
    throw new Error(`forest: checksum ${checksum.slice(0, 12)}… does not match the recorded ${encoded.sha256.slice(0, 12)}…; the file was changed or corrupted`);
  }
  if (forest.treeStarts[0] !== 0 || forest.treeStarts[trees] !== nodes) throw new Error('forest.treeStarts: must start at 0 and end at the node count');
  for (let t = 0; t < trees; t++) {
    const start = forest.treeStarts[t]!;
    const end = forest.treeStarts[t + 1]!;
    if (end <= start) throw new Error(`forest.treeStarts: tree ${t} has no nodes`);
    for (let n = start; n < end; n++) {
      const f = forest.feature[n]!;
      const left = forest.left[n]!;
      const where = `forest node ${n} (tree ${t})`;
      if (!(forest.cover[n]! > 0) || !(forest.value[n]! >= 0 && forest.value[n]! <= 1)) throw new Error(`${where}: cover must be > 0 and value in [0, 1]`);
      if (f === -1) {
        if (left !== -1) throw new Error(`${where}: a leaf must have no children`);
        continue;
      }
      if (f < 0 || f >= features) throw new Error(`${where}: split feature ${f} is not one of the ${features} features`);
      if (left <= n || left + 1 >= end) throw new Error(`${where}: children must follow their parent inside the tree`);
      if (forest.missingRight[n]! > 1 || Number.isNaN(forest.threshold[n]!)) throw new Error(`${where}: invalid threshold or missing direction`);
    }
  }
  return forest;
}
