/**
 * Where a transformers.js model lives on disk and what is missing from it — kept apart from the
 * embedder so that checking for a model does not import transformers.js (slow to import).
 */
import { access } from 'node:fs/promises';
import path from 'node:path';

/** The files a feature-extraction model needs besides its ONNX graph. */
export const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;
/** Graph files in order of preference, with the transformers.js dtype that selects each. */
export const ONNX_FILES = [
  { file: 'onnx/model_quantized.onnx', dtype: 'q8' },
  { file: 'onnx/model.onnx', dtype: 'fp32' },
] as const;
export type ModelDtype = (typeof ONNX_FILES)[number]['dtype'];

/**
 * No usable model: it is neither in modelsDir nor downloadable (or, with `present`, it is there but does not load).
 * `message` is one line saying what happened and how to get the model.
 */
export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';
  constructor(
    readonly model: string,
    readonly modelsDir: string,
    readonly reason: string,
    readonly present = false,
  ) {
    const dir = displayDir(modelsDir);
    super(
      present
        ? `model ${model} in ${dir} could not be loaded (${oneLine(reason)}); delete ${displayDir(modelFolder(modelsDir, model))} ` +
            `and run \`npx isnad model download\` on a connected machine, or copy a complete model folder into ${dir}`
        : `model ${model} is not in ${dir} and could not be downloaded (${oneLine(reason)}); ` +
            `run \`npx isnad model download\` on a connected machine, or copy the model folder into ${dir}`,
    );
  }
}

export interface LocalModel {
  /** Set when the folder is complete: which graph to load. */
  dtype?: ModelDtype;
  /** Otherwise what is missing from a folder that is there, for the error message ('' when there is no folder). */
  problem: string;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** The id of a model's embedder with the default prefixes (transformers-embedder.ts), known without loading it. */
export function modelEmbedderId(model: string, dtype: ModelDtype, nonDefaults: string[] = []): string {
  return [`transformers:${model}`, ...(dtype !== 'q8' ? [`dtype=${dtype}`] : []), ...nonDefaults].join(';');
}

export function modelFolder(modelsDir: string, model: string): string {
  return path.join(modelsDir, ...model.split('/'));
}

/** Checks `<modelsDir>/<model>/` for the files transformers.js will read; prefers the quantized graph. */
export async function findLocalModel(modelsDir: string, model: string): Promise<LocalModel> {
  const folder = modelFolder(modelsDir, model);
  if (!(await exists(folder))) return { problem: '' };
  const missing = [];
  for (const file of REQUIRED_FILES) if (!(await exists(path.join(folder, file)))) missing.push(file);
  let dtype: ModelDtype | undefined;
  for (const candidate of ONNX_FILES) {
    if (await exists(path.join(folder, candidate.file))) {
      dtype = candidate.dtype;
      break;
    }
  }
  if (!dtype) missing.push(ONNX_FILES.map((c) => c.file).join(' or '));
  if (missing.length > 0) return { problem: `its folder lacks ${missing.join(', ')}` };
  return { dtype, problem: '' };
}

export function checkModelId(model: string): void {
  // Same shape as a hub id ("org/name" or "name"); also keeps the folder inside modelsDir.
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(model) || model.split('/').some((part) => part === '.' || part === '..')) {
    throw new Error(`not a model id: ${JSON.stringify(model)} (expected "org/name")`);
  }
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** modelsDir as the user would type it: relative to the working directory when inside it, with a trailing slash. */
export function displayDir(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(dir);
  return shown.endsWith(path.sep) ? shown : shown + path.sep;
}
