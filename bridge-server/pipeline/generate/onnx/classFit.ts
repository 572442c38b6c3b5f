/**
 * Class-fit scores for the align stage from an installed audio-text scorer bundle (CLAP-style):
 * for every cue, the score of each candidate take against the cue's prompt text. The runner passes
 * the result as `AlignInput.externalClassFit`; without a scorer bundle it returns undefined and the
 * align stage keeps its spectral fit.
 */
import type { CueCandidates } from '../../../contracts/stages';
import { modelsDir as defaultModelsDir } from '../../../core/paths';
import { createScorer, cuePrompt, findScorerBundle } from './backend';

export async function externalClassFit(
  candidates: readonly CueCandidates[],
  o: { modelsDir?: string; scorerDir?: string; providers?: string[]; log?: (line: string) => void } = {},
): Promise<Record<string, number[]> | undefined> {
  const dir = o.scorerDir ?? findScorerBundle(o.modelsDir ?? defaultModelsDir());
  if (!dir || candidates.every((c) => c.takes.length === 0)) return undefined;
  const scorer = await createScorer(dir, { providers: o.providers, log: o.log });
  try {
    const out: Record<string, number[]> = {};
    for (const c of candidates) {
      if (c.takes.length === 0) continue;
      const text = cuePrompt(c.cue);
      const scores: number[] = [];
      for (const t of c.takes) scores.push(await scorer.score(t.audio, text));
      out[c.cue.id] = scores;
    }
    return out;
  } finally {
    await scorer.dispose();
  }
}
