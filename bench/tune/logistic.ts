// L2-regularized logistic regression by Newton's method on standardized features. Written here
// rather than taken from npm: ml-logistic-regression fits by plain gradient descent with a fixed step
// and iteration count, which does not converge on features of such different scales, and the model
// needs a dozen weights; Newton's method reaches the optimum in a few steps.

export interface Fitted {
  bias: number;
  /** Per raw feature unit (the standardization folded in). */
  weights: number[];
  logit(x: number[]): number;
}

export function fitLogistic(rows: { x: number[]; y: number }[], lambda = 3, iterations = 25): Fitted {
  const d = rows[0]!.x.length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((a, r) => a + r.x[j]!, 0) / rows.length);
  const sd = mean.map((m, j) => Math.sqrt(rows.reduce((a, r) => a + (r.x[j]! - m) ** 2, 0) / rows.length) || 1);
  const z = rows.map((r) => [1, ...r.x.map((v, j) => (v - mean[j]!) / sd[j]!)]);
  const w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    z.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-x.reduce((a, v, j) => a + v * w[j]!, 0)));
      const err = p - rows[i]!.y;
      const s = p * (1 - p);
      for (let a = 0; a <= d; a++) {
        grad[a]! += err * x[a]!;
        for (let b = 0; b <= d; b++) hess[a]![b]! += s * x[a]! * x[b]!;
      }
    });
    // The penalty spares the intercept, as scikit-learn's does.
    for (let a = 1; a <= d; a++) {
      grad[a]! += lambda * w[a]!;
      hess[a]![a]! += lambda;
    }
    const step = solve(hess, grad);
    step.forEach((v, j) => (w[j]! -= v));
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  const weights = mean.map((_, j) => w[j + 1]! / sd[j]!);
  const bias = w[0]! - mean.reduce((a, m, j) => a + weights[j]! * m, 0);
  return { bias, weights, logit: (x) => x.reduce((a, v, j) => a + v * weights[j]!, bias) };
}

/** Gaussian elimination with partial pivoting (the system is small and positive definite). */
function solve(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= a[r]![k]! * x[k]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}
