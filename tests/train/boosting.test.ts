import { describe, expect, it } from 'vitest';
import { fitBoosted, type BoostingOptions } from '../../scripts/train/boosting.ts';
import { treesProbability, treesProblem, treeValue } from '../../src/answering/trees.ts';

// One informative feature (the label is 1 from x = 2 on) and one constant one. With 4 positives of 8 the
// base margin is log(5/5) = 0, so every row starts at p = 0.5: gradient p − y = ±0.5, hessian 0.25.
// Split points between the 4-quantiles of x: 0.5, 1.5, 2.5; the constant feature has none.
const x = [0, 0, 1, 1, 2, 2, 3, 3].map((v) => [v, 7]);
const y = [0, 0, 0, 0, 1, 1, 1, 1];
const options: BoostingOptions = { rounds: 1, depth: 1, shrinkage: 1, minLeafWeight: 0, lambda: 0, bins: 4 };

describe('boosted trees', () => {
  it('splits where the label changes, with Newton leaf values −Σg/Σh', () => {
    const model = fitBoosted(x, y, options);
    expect(model.base).toBe(0);
    // Below 1.5: four rows with g = 0.5 and h = 0.25 → −2 / 1 = −2; above: +2.
    expect(model.trees).toEqual([{ features: [0], thresholds: [1.5], leaves: [-2, 2] }]);
    expect(treesProbability(model, [1.4, 0])).toBeCloseTo(1 / (1 + Math.exp(2)), 12);
    expect(treesProbability(model, [1.5, 0])).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
  });

  it('gives both branches of a node not worth splitting the same leaf value', () => {
    // Depth 2: under the root split each side is pure, so no further split gains anything.
    const [tree] = fitBoosted(x, y, { ...options, depth: 2 }).trees;
    expect(tree).toEqual({ features: [0, 0, 0], thresholds: [1.5, 0, 0], leaves: [-2, -2, 2, 2] });
    expect(treeValue(tree!, [0, 7])).toBe(-2);
    expect(treeValue(tree!, [3, 7])).toBe(2);
  });

  it('shrinks each tree and adds them up: later rounds fit what is left', () => {
    const one = fitBoosted(x, y, { ...options, shrinkage: 0.5 });
    const two = fitBoosted(x, y, { ...options, shrinkage: 0.5, rounds: 2 });
    expect(one.trees[0]!.leaves).toEqual([-1, 1]);
    expect(two.trees[0]).toEqual(one.trees[0]);
    // After the first round p = σ(±1): the second tree's leaves are smaller, of the same sign.
    const [below, above] = two.trees[1]!.leaves;
    expect(below).toBeLessThan(0);
    expect(below).toBeGreaterThan(-1);
    expect(above).toBeCloseTo(-below!, 4);
  });

  it('fits the same trees from the same rows (deterministic)', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [Math.sin(i) * 3, (i * 7) % 11, i % 2]);
    const labels = rows.map((r) => (r[0]! + r[1]! / 5 > 1 ? 1 : 0));
    const fit = () => JSON.stringify(fitBoosted(rows, labels, { ...options, rounds: 5, depth: 2, bins: 16 }));
    expect(fit()).toBe(fit());
  });

  it('says why trees do not fit the features', () => {
    const model = fitBoosted(x, y, options);
    expect(treesProblem(model, 2)).toBeUndefined();
    expect(treesProblem(model, 0)).toMatch(/feature outside/);
    expect(treesProblem({ ...model, depth: 2 }, 2)).toMatch(/3 splits and 4 leaves/);
  });
});
