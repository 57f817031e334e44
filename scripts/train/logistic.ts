/**
 * L2-regularised logistic regression on standardised features, fitted by full-batch gradient
 * descent with a fixed step and iteration count: no randomness, so the same rows in the same order
 * give the same weights.
 */
export interface LogisticFit {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

const ITERATIONS = 3000;
const STEP = 0.5;
const L2 = 0.001;

export function fitLogistic(x: readonly number[][], y: readonly number[]): LogisticFit {
  const n = x.length;
  const d = x[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, r) => s + r[j]!, 0) / n);
  const scale = mean.map((m, j) => Math.sqrt(x.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / n) || 1);
  const z = x.map((r) => r.map((v, j) => (v - mean[j]!) / scale[j]!));
  const weights = new Array<number>(d).fill(0);
  let bias = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    const gradient = new Array<number>(d).fill(0);
    let gradientBias = 0;
    for (let i = 0; i < n; i++) {
      const row = z[i]!;
      let s = bias;
      for (let j = 0; j < d; j++) s += weights[j]! * row[j]!;
      const error = 1 / (1 + Math.exp(-s)) - y[i]!;
      for (let j = 0; j < d; j++) gradient[j]! += error * row[j]!;
      gradientBias += error;
    }
    for (let j = 0; j < d; j++) weights[j]! -= STEP * (gradient[j]! / n + L2 * weights[j]!);
    bias -= STEP * (gradientBias / n);
  }
  return { mean, scale, weights, bias };
}

export function predictLogistic(fit: LogisticFit, features: readonly number[]): number {
  let s = fit.bias;
  for (let j = 0; j < features.length; j++) s += fit.weights[j]! * ((features[j]! - fit.mean[j]!) / fit.scale[j]!);
  return 1 / (1 + Math.exp(-s));
}
