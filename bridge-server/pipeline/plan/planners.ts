/**
 * The planner registry: a planner turns text (prompt, narrative, marker comment) into TextIntents; the
 * binding to picture events is shared by all planners (bindCues.ts). `rules` (compromise + catalogue
 * synonyms) is built in and the default. A model planner (an ONNX language model from a model bundle,
 * run by the onnx adapter under pipeline/generate/onnx/) plugs in with `registerPlanner(id, factory)` and
 * is chosen by `preset.planner`; an id that is not registered fails with MODEL_UNAVAILABLE rather than
 * silently planning with rules, so an editor never gets a different plan than the preset promises.
 */
import { FoleyError } from '../../core/errors';
import type { Catalogue } from '../generate/procedural/catalogue';
import { understandText, type TextIntent } from './understandText';

export interface Planner {
  readonly id: string;
  /** reads one text (prompt, narrative or marker comment without prefix) into intents, in text order */
  readText(text: string, catalogue: Catalogue, signal?: AbortSignal): Promise<TextIntent[]>;
  dispose?(): Promise<void>;
}

export type PlannerFactory = () => Planner | Promise<Planner>;

export const RULES_PLANNER_ID = 'rules';

const rulesPlanner: Planner = Object.freeze({
  id: RULES_PLANNER_ID,
  readText: (text: string, catalogue: Catalogue) => Promise.resolve(understandText(text, catalogue)),
});

const registry = new Map<string, PlannerFactory>([[RULES_PLANNER_ID, () => rulesPlanner]]);

/** Adds a planner (e.g. a model bundle's); ids are unique and `rules` cannot be replaced. */
export function registerPlanner(id: string, factory: PlannerFactory): void {
  if (registry.has(id)) throw new FoleyError('INTERNAL', `A planner named "${id}" is already registered.`);
  registry.set(id, factory);
}

export function plannerIds(): string[] {
  return [...registry.keys()];
}

/** The planner a preset asks for; unknown ids fail with MODEL_UNAVAILABLE naming the installed ones. */
export async function resolvePlanner(id: string): Promise<Planner> {
  const factory = registry.get(id);
  if (!factory) {
    throw new FoleyError(
      'MODEL_UNAVAILABLE',
      `The preset asks for planner "${id}", which is not installed (installed: ${plannerIds().join(', ')}); install its model bundle or set the preset's planner to "${RULES_PLANNER_ID}".`,
    );
  }
  return factory();
}
