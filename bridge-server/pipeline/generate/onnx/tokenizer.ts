/**
 * Text tokenization from a bundle's local `tokenizer.json` + `tokenizer_config.json` through
 * @huggingface/transformers 4.3.x (which pins the same onnxruntime-node 1.30.0, so no second runtime
 * is installed). Remote models are disabled before anything loads: this never touches the network.
 * `tokenizer_config.json` is mandatory (without it transformers.js cannot pick the tokenizer class).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FoleyError } from '../../../core/errors';

export interface TokenizedText {
  /** [maxLength] (or the text's length when not padded) */
  inputIds: number[];
  attentionMask: number[];
}

export interface TextTokenizer {
  encode(text: string): TokenizedText;
}

interface HfTokenizer {
  (text: string, options: { padding: boolean | 'max_length'; truncation: boolean; max_length: number }): {
    input_ids: { data: ArrayLike<bigint | number> };
    attention_mask: { data: ArrayLike<bigint | number> };
  };
}

type TransformersModule = {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; useFSCache: boolean; fetch?: unknown };
  AutoTokenizer: { from_pretrained(path: string, options?: Record<string, unknown>): Promise<HfTokenizer> };
};

let transformers: Promise<TransformersModule> | undefined;

async function loadTransformers(): Promise<TransformersModule> {
  transformers ??= import('@huggingface/transformers').then((m) => {
    const mod = m as unknown as TransformersModule;
    mod.env.allowRemoteModels = false;
    mod.env.allowLocalModels = true;
    mod.env.useFSCache = false;
    mod.env.fetch = () => Promise.reject(new Error('foley-bridge never downloads models; install the bundle into models/'));
    return mod;
  });
  return transformers;
}

export async function loadTokenizer(dir: string, o: { maxLength: number; padToMax: boolean }): Promise<TextTokenizer> {
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) {
    if (!existsSync(join(dir, f))) throw new FoleyError('MODEL_INVALID', `${join(dir, f)} is missing; a text bundle needs tokenizer.json and tokenizer_config.json.`);
  }
  const t = await loadTransformers();
  let tok: HfTokenizer;
  try {
    tok = await t.AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  } catch (e) {
    throw new FoleyError('MODEL_INVALID', `${dir}: the tokenizer cannot be loaded (${(e as Error).message}).`, { cause: e });
  }
  return {
    encode(text: string): TokenizedText {
      const r = tok(text, { padding: o.padToMax ? 'max_length' : false, truncation: true, max_length: o.maxLength });
      const ids = Array.from(r.input_ids.data, Number);
      const mask = Array.from(r.attention_mask.data, Number);
      // An empty text can come back with zero tokens; pad it by hand so tensors keep their shape.
      while (o.padToMax && ids.length < o.maxLength) {
        ids.push(0);
        mask.push(0);
      }
      return { inputIds: ids, attentionMask: mask };
    },
  };
}
