/**
 * Writes a tiny BERT-shaped model that @huggingface/transformers loads offline exactly like a real one
 * (see shared notes, "Models without internet"): the ONNX graph's only node is
 * `Gather(word_embeddings, input_ids) -> last_hidden_state`, so a token's vector is a fixed pseudo-random row
 * and mean pooling gives a sentence vector. It proves the loading and embedding path, not retrieval quality.
 *
 * Layout, as transformers.js expects it under its local model path:
 *   <modelsDir>/<modelId>/config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { mulberry32 } from './prng.ts';

const { onnx } = onnxProto;

export interface TinyModelOptions {
  /** Model id, used as the sub-folder: default 'test/tiny-arabic-bert'. */
  id?: string;
  /** Vector size (hidden_size): default 32. */
  dim?: number;
  /** Seed of the embedding table: default 42. The same seed gives byte-identical files. */
  seed?: number;
}

export interface TinyModel {
  /** Give this as `modelsDir` (transformers.js `env.localModelPath`). */
  modelsDir: string;
  modelId: string;
  dim: number;
  /** The model's own folder: `<modelsDir>/<modelId>`. */
  modelDir: string;
  vocabSize: number;
}

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** The WordPiece vocabulary: specials, Arabic letters, digits, Latin lower-case (so e5's `query: ` / `passage: ` prefixes get distinct tokens), punctuation. */
export function tinyVocab(): string[] {
  const vocab: string[] = [...SPECIAL_TOKENS];
  const pieces: string[] = [];
  for (let cp = 0x0621; cp <= 0x064a; cp++) pieces.push(String.fromCodePoint(cp));
  for (let cp = 0x0660; cp <= 0x0669; cp++) pieces.push(String.fromCodePoint(cp)); // Arabic-Indic digits
  for (let d = 0; d <= 9; d++) pieces.push(String(d));
  for (let cp = 0x61; cp <= 0x7a; cp++) pieces.push(String.fromCodePoint(cp)); // a-z
  for (const p of pieces) vocab.push(p, `##${p}`);
  // Punctuation is split off by BertPreTokenizer, so it never needs a ## form.
  vocab.push(...'.,:;!?"\'()[]-/%،؛؟«»“”…'.split(''));
  return vocab;
}

function tensorValueInfo(name: string, elemType: number, dims: (string | number)[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/** The ONNX graph: `last_hidden_state = Gather(word_embeddings, input_ids)`; attention_mask is an (unused) input as in BERT. */
export function tinyOnnxModel(vocabSize: number, dim: number, seed: number): Uint8Array {
  const rand = mulberry32(seed);
  const weights = new Float32Array(vocabSize * dim);
  for (let i = 0; i < weights.length; i++) weights[i] = rand() * 2 - 1;
  const { FLOAT, INT64 } = onnx.TensorProto.DataType;

  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'isnad-tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny_bert',
      node: [{ opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['last_hidden_state'], name: 'embed' }],
      initializer: [
        {
          name: 'word_embeddings',
          dataType: FLOAT,
          dims: [vocabSize, dim],
          rawData: new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength),
        },
      ],
      input: [
        tensorValueInfo('input_ids', INT64, ['batch_size', 'sequence_length']),
        tensorValueInfo('attention_mask', INT64, ['batch_size', 'sequence_length']),
      ],
      output: [tensorValueInfo('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', dim])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function tokenizerJson(vocab: string[]) {
  const ids = Object.fromEntries(vocab.map((token, id) => [token, id]));
  const special = (token: string) => ({ id: token, ids: [ids[token]], tokens: [token] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: ids[content],
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: false },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: ids,
    },
  };
}

/** Writes the tiny model under `<dir>/<modelId>/` and returns where it is. */
export async function createTinyModel(dir: string, opts: TinyModelOptions = {}): Promise<TinyModel> {
  const modelId = opts.id ?? 'test/tiny-arabic-bert';
  const dim = opts.dim ?? 32;
  const seed = opts.seed ?? 42;
  const vocab = tinyVocab();
  const modelDir = path.join(dir, ...modelId.split('/'));
  await mkdir(path.join(modelDir, 'onnx'), { recursive: true });

  const config = {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dim,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: dim * 4,
    hidden_act: 'gelu',
    max_position_embeddings: 512,
    type_vocab_size: 2,
    vocab_size: vocab.length,
    pad_token_id: 0,
    layer_norm_eps: 1e-12,
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: false,
    strip_accents: false,
    tokenize_chinese_chars: true,
    clean_up_tokenization_spaces: true,
    model_max_length: 512,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  };

  await Promise.all([
    writeFile(path.join(modelDir, 'config.json'), JSON.stringify(config, null, 2)),
    writeFile(path.join(modelDir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab))),
    writeFile(path.join(modelDir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2)),
    writeFile(path.join(modelDir, 'onnx', 'model.onnx'), tinyOnnxModel(vocab.length, dim, seed)),
  ]);
  return { modelsDir: dir, modelId, dim, modelDir, vocabSize: vocab.length };
}
