/**
 * The embedded procedural sound engine: physically informed synthesis (modal strikes, shaped noise, granular
 * textures, seamless beds) for every class in models/procedural/catalogue.json. Entry points only; see
 * docs/sounds.md for the architecture.
 */
export { renderSound, DEFAULT_BED_DURATION_SEC, type RenderSoundRequest } from './renderSound';
export { createProceduralBackend } from './backend';
export {
  loadCatalogue,
  findSoundClass,
  resolveParams,
  parseCatalogue,
  cataloguePath,
  CatalogueSchema,
  type Catalogue,
  type SoundClass,
  type ParamSpec,
  type CataloguePreset,
  type ResolvedParams,
  type ParamValue,
} from './catalogue';
