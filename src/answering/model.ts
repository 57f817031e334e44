import * as z from '../zod.ts';
import modelFile from './answer-model.json' with { type: 'json' };
import { boostedTreesSchema, treesMargin, treesProblem } from './trees.ts';

/**
 * What the answer model sees of a candidate sentence: candidateFeatures (features.ts) computes
 * them by name, at answer time and, through the same function, at training; this order is only
 * the order the model file stores their weights in.
 */
export const FEATURE_NAMES = [
  'evidence',
  'rarest_words',
  'article_coverage',
  'article_share',
  'article_margin',
  'lexical_strength',
  'number_present',
  'number_missing',
  'title',
  'passage',
  'lead',
  'closeness',
  'new_words',
  'unknown_words',
  'first_article',
  'follows_first',
  'topic_free',
  'length',
  'opening',
  'specific_absent',
  'specific_contradicted',
  'specific_elsewhere',
  'name_absent',
  'name_contradicted',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** What the reply head reads: the first quote's features and its quote probability. */
export const REPLY_FEATURE_NAMES = [...FEATURE_NAMES, 'quote_probability'] as const;

/** One logistic regression over the standardised features: x' = (x − mean) / scale. */
const headSchema = z.object({
  mean: z.array(z.number()),
  scale: z.array(z.number().check(z.positive())),
  weights: z.array(z.number()),
  bias: z.number(),
});

const modelSchema = z.object({
  features: z.array(z.string()),
  /** The probability that a candidate sentence holds the answer: it orders the quotes. */
  quote: headSchema,
  /**
   * The probability that the reply's quotes hold the answer, from the first quote's features and
   * quote probability: boosted trees, their margin calibrated out of fold (p = σ(slope × margin + intercept)).
   * It is the answer's confidence and decides the tier.
   */
  reply: z.object({
    trees: boostedTreesSchema,
    calibration: z.object({ slope: z.number(), intercept: z.number() }),
  }),
  /** Cut-offs chosen by cross-validation (docs/answer-model.md). */
  thresholds: z.object({
    /** Confidence below which nothing is quoted (`not_found`); from it up to LIKELY_ANSWER, `uncertain`. */
    notFound: z.number(),
    /** quote probability a second or third quote from another article than the first quote's needs… */
    extraQuote: z.number(),
    /** …and one from the first quote's own article (the same story, so it cannot be about a different event). */
    sameArticleQuote: z.number(),
  }),
});

export type AnswerModel = z.infer<typeof modelSchema>;
export type ModelHead = z.infer<typeof headSchema>;

/** Validates a model read from disk: its features must be the ones this code computes. */
export function parseAnswerModel(json: unknown): AnswerModel {
  const model = modelSchema.parse(json);
  const n = FEATURE_NAMES.length;
  const sizes = [model.quote.mean, model.quote.scale, model.quote.weights].map((v) => v.length);
  if (
    model.features.join() !== FEATURE_NAMES.join() ||
    sizes.some((size) => size !== n) ||
    treesProblem(model.reply.trees, REPLY_FEATURE_NAMES.length)
  ) {
    throw new Error(
      `the answer model's features (${model.features.join(', ')}) are not the ones computed (${FEATURE_NAMES.join(', ')}); run npm run train`,
    );
  }
  return model;
}

/**
 * The confidence at and above which a reply is `answered`: its quotes more likely than not hold
 * the answer. Not tuned: it is where the claim becomes more likely true than false, so it keeps
 * its meaning when the model is retrained. A first quote whose own probability reaches it also gets
 * the answer marked and no longer needs other sentences of its story beside it.
 */
export const LIKELY_ANSWER = 0.5;

let committed: AnswerModel | undefined;

/**
 * The committed model (src/answering/answer-model.json, written by npm run train), validated on
 * first use — Engine.open asks for it, so a stale file stops the program at start, while
 * `npm run train` (which needs only FEATURE_NAMES) can still replace it.
 */
export function answerModel(): AnswerModel {
  committed ??= parseAnswerModel(modelFile);
  return committed;
}

/** Logistic regression: the head's probability for a feature vector. */
export function headProbability(head: ModelHead, features: readonly number[]): number {
  let z = head.bias;
  for (let i = 0; i < features.length; i++) z += head.weights[i]! * ((features[i]! - head.mean[i]!) / head.scale[i]!);
  return 1 / (1 + Math.exp(-z));
}

/** The reply head's calibrated probability for the first quote's features (in FEATURE_NAMES order) and quote probability. */
export function replyProbability(reply: AnswerModel['reply'], features: readonly number[], quoteProbability: number): number {
  const margin = treesMargin(reply.trees, [...features, quoteProbability]);
  return 1 / (1 + Math.exp(-(reply.calibration.slope * margin + reply.calibration.intercept)));
}
