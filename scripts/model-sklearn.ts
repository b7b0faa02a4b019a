// Times are CPU seconds (time.process_time), as in the benchmarks, because the machine is shared.
// Runs scikit-learn's RandomForestClassifier on a matrix for the model benchmarks, through Debian's
// /usr/bin/python3 (apt-get install python3-sklearn). Returns null when scikit-learn is not installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

/** Whether `python3 -c "import sklearn"` works. */
export function sklearnVersion(): string | null {
  const result = spawnSync(PYTHON, ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Options passed to RandomForestClassifier (None = unlimited depth). */
export interface SklearnForestOptions {
  readonly trees: number;
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  readonly seed: number;
}

/** What one scikit-learn run measured. */
export interface SklearnRun {
  readonly fitSeconds: number;
  /** predict_proba time per row over the scored rows (one batch call, best of 3). */
  readonly predictMicrosPerRow: number;
  readonly nodes: number;
  readonly probabilities: Float64Array;
}

/** Fits on (x, labels) on one core and scores `score` (row-major, NaN → -1 imputed by the caller). */
export function runSklearn(
  train: { x: Float64Array; rows: number; features: number; labels: Uint8Array },
  score: Float64Array,
  options: SklearnForestOptions,
): SklearnRun {
  const dir = mkdtempSync(join(tmpdir(), 'sk-'));
  try {
    writeFileSync(join(dir, 'x.bin'), train.x);
    writeFileSync(join(dir, 'y.bin'), train.labels);
    writeFileSync(join(dir, 's.bin'), score);
    const code = `
import numpy as np, time, json, sys
from sklearn.ensemble import RandomForestClassifier
d = sys.argv[1]; F = ${train.features}
X = np.fromfile(d + '/x.bin', dtype='<f8').reshape(-1, F); y = np.fromfile(d + '/y.bin', dtype=np.uint8)
S = np.fromfile(d + '/s.bin', dtype='<f8').reshape(-1, F)
rf = RandomForestClassifier(n_estimators=${options.trees}, max_depth=${options.maxDepth ?? 'None'}, min_samples_leaf=${options.minSamplesLeaf}, max_features='sqrt', n_jobs=1, random_state=${options.seed})
t = time.process_time(); rf.fit(X, y); fit = time.process_time() - t
best = 1e9
for _ in range(3):
    t = time.process_time(); p = rf.predict_proba(S)[:, 1]; best = min(best, time.process_time() - t)
p.astype('<f8').tofile(d + '/p.bin')
print(json.dumps({'fit': fit, 'predict': best / len(S) * 1e6, 'nodes': int(sum(e.tree_.node_count for e in rf.estimators_))}))
`;
    const out = execFileSync(PYTHON, ['-c', code, dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { fit: number; predict: number; nodes: number };
    const bytes = readFileSync(join(dir, 'p.bin'));
    const probabilities = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return { fitSeconds: result.fit, predictMicrosPerRow: result.predict, nodes: result.nodes, probabilities };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
