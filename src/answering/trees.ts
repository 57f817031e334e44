import * as z from '../zod.ts';

/**
 * Boosted regression trees of one depth, each stored complete in heap order: split i tests
 * features[i] < thresholds[i] and goes on to split 2i+1 (yes) or 2i+2 (no); past the last split,
 * the leaves. A node that was not worth splitting has both branches end in the same value.
 */
const treeSchema = z.object({
  features: z.array(z.number()),
  thresholds: z.array(z.number()),
  leaves: z.array(z.number()),
});

export const boostedTreesSchema = z.object({
  depth: z.number(),
  /** The margin before any tree: the log-odds of the base rate. */
  base: z.number(),
  trees: z.array(treeSchema),
});

export type BoostedTrees = z.infer<typeof boostedTreesSchema>;
export type Tree = z.infer<typeof treeSchema>;

/** Why the trees do not fit `featureCount` features, or undefined when they do. */
export function treesProblem(model: BoostedTrees, featureCount: number): string | undefined {
  const splits = 2 ** model.depth - 1;
  for (const tree of model.trees) {
    if (tree.features.length !== splits || tree.thresholds.length !== splits || tree.leaves.length !== splits + 1)
      return `a tree of depth ${model.depth} needs ${splits} splits and ${splits + 1} leaves`;
    if (tree.features.some((f) => !Number.isInteger(f) || f < 0 || f >= featureCount))
      return `a tree splits on a feature outside 0–${featureCount - 1}`;
  }
  return undefined;
}

/** The leaf value a tree adds to the margin for these features. */
export function treeValue(tree: Tree, features: readonly number[]): number {
  let node = 0;
  while (node < tree.features.length) node = features[tree.features[node]!]! < tree.thresholds[node]! ? 2 * node + 1 : 2 * node + 2;
  return tree.leaves[node - tree.features.length]!;
}

/** The log-odds: the base margin plus every tree's leaf value. */
export function treesMargin(model: BoostedTrees, features: readonly number[]): number {
  let margin = model.base;
  for (const tree of model.trees) margin += treeValue(tree, features);
  return margin;
}

/** The probability: the logistic of the margin. */
export function treesProbability(model: BoostedTrees, features: readonly number[]): number {
  return 1 / (1 + Math.exp(-treesMargin(model, features)));
}
