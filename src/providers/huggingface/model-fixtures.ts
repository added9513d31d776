/**
 * Deterministic Hugging Face Hub models in the shape of `GET /api/models` (docs/providers.md#hugging-face,
 * "Data endpoints"), with every property the listing can expand; the emulator answers the ones asked
 * for. The same seed always yields the same models, most recently modified first.
 */
import { createHash } from 'node:crypto';

export interface HuggingFaceModelJson {
  /** The Hub's internal id: a 24-hex MongoDB ObjectId (its first 8 digits are the creation second). */
  _id: string;
  /** `author/name`. */
  id: string;
  /** The same as `id` (older clients read it). */
  modelId: string;
  author: string;
  /** Downloads over the last 30 days. */
  downloads: number;
  likes: number;
  private: boolean;
  gated: false | 'auto' | 'manual';
  pipeline_tag?: string;
  library_name?: string;
  tags: string[];
  /** ISO-8601 with milliseconds, `Z`. */
  createdAt: string;
  lastModified: string;
  sha: string;
  trendingScore: number;
}

const BASES = [
  { name: 'engine-notes-7b', pipeline: 'text-generation', library: 'transformers' },
  { name: 'bernoulli-bert-base', pipeline: 'fill-mask', library: 'transformers' },
  { name: 'punchcard-classifier', pipeline: 'text-classification', library: 'transformers' },
  { name: 'loom-diffusion-xl', pipeline: 'text-to-image', library: 'diffusers' },
  { name: 'difference-whisper-small', pipeline: 'automatic-speech-recognition', library: 'transformers' },
  { name: 'poetical-science-1.5b', pipeline: 'text-generation', library: 'transformers' },
  { name: 'analytical-embeddings-v2', pipeline: 'sentence-similarity', library: 'sentence-transformers' },
  { name: 'table-of-numbers-ner', pipeline: 'token-classification', library: 'transformers' },
];
/** What a prolific author publishes of a base model: fine-tunes, adapters, quantizations. */
const VARIANTS = [
  { suffix: '', library: null },
  { suffix: '-instruct', library: null },
  { suffix: '-lora', library: 'peft' },
  { suffix: '-GGUF', library: 'gguf' },
  { suffix: '-AWQ', library: null },
  { suffix: '-onnx', library: 'onnx' },
];
const QUANTS = ['', '-Q4_K_M', '-Q5_K_M', '-Q8_0', '-int4', '-fp16'];

export interface GenerateModelsOptions {
  count: number;
  author: string;
  seed: string;
  /** The most recent modification is before this; default 2026-06-01. */
  now?: number;
}

/**
 * `count` models of `author`, most recently modified first, minutes to days apart. Every eighth is
 * private, every tenth gated (`auto`, or `manual` every thirtieth), every twelfth has no task and no
 * library (a bare checkpoint).
 */
export function generateModels(options: GenerateModelsOptions): HuggingFaceModelJson[] {
  const now = options.now ?? Date.UTC(2026, 5, 1);
  let modified = now - (hashOf(`${options.seed}:start`) % 3_600_000);
  const names = new Set<string>();
  return Array.from({ length: options.count }, (_, index) => {
    modified -= 60_000 + (hashOf(`${options.seed}:gap:${index}`) % (20 * 3_600_000));
    const base = cycled(BASES, index);
    const variant = cycled(VARIANTS, Math.floor(index / BASES.length));
    const quant = cycled(QUANTS, Math.floor(index / (BASES.length * VARIANTS.length)));
    const round = Math.floor(index / (BASES.length * VARIANTS.length * QUANTS.length));
    let name = `${base.name}${variant.suffix}${quant}${round === 0 ? '' : `-v${round + 1}`}`;
    while (names.has(name)) name = `${name}-x`;
    names.add(name);
    const bare = index % 12 === 11;
    const library = bare ? undefined : (variant.library ?? base.library);
    const created = modified - (1 + (hashOf(`${options.seed}:age:${index}`) % 300)) * 86_400_000;
    const popularity = hashOf(`${options.seed}:popularity:${index}`);
    const id = `${options.author}/${name}`;
    return {
      _id: objectIdOf(created, `${options.seed}:oid:${index}`),
      id,
      modelId: id,
      author: options.author,
      downloads: index % 4 === 3 ? 0 : popularity % (index < 20 ? 250_000 : 4_000),
      likes: popularity % (index < 20 ? 900 : 40),
      private: index % 8 === 5,
      gated: index % 30 === 9 ? 'manual' : index % 10 === 9 ? 'auto' : false,
      ...(bare ? {} : { pipeline_tag: base.pipeline }),
      ...(library ? { library_name: library } : {}),
      tags: [
        ...(library ? [library] : []),
        ...(bare ? [] : [base.pipeline]),
        'safetensors',
        'en',
        'license:apache-2.0',
      ],
      createdAt: new Date(created).toISOString(),
      lastModified: new Date(modified).toISOString(),
      sha: createHash('sha1').update(`${options.seed}:sha:${index}`).digest('hex'),
      trendingScore: index < 10 ? popularity % 30 : 0,
    };
  });
}

function cycled<T>(list: readonly T[], index: number): T {
  const value = list[index % list.length];
  if (value === undefined) throw new Error('cycled: empty list');
  return value;
}

/** A MongoDB ObjectId: 4 bytes of seconds, then 8 bytes from the seed. */
function objectIdOf(ms: number, seed: string): string {
  const seconds = Math.floor(ms / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${seconds}${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`;
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
