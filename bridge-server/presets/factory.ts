/**
 * Built-in factory presets. Stored presets (per project, in the server's database) are validated with
 * the same schema; the CLI's --preset looks names up here first.
 */
import { FoleyError } from '../core/errors';
import { type Preset, type PresetInput, PresetSchema } from '../contracts/preset';

const FACTORY_INPUTS: readonly PresetInput[] = [
  { name: 'default', description: 'Procedural sounds on CPU, best of 3 takes, -23 LUFS / -1 dBTP (EBU R128).' },
  {
    name: 'library-first',
    description: "The editor's own sound library first, procedural synthesis where the library has nothing.",
    backends: ['library', 'procedural'],
  },
  {
    name: 'neural',
    description: 'Installed neural model bundles first (GPU when available), procedural as fallback.',
    backends: ['onnx', 'procedural'],
  },
  { name: 'broadcast-us', description: 'ATSC A/85: -24 LKFS, -2 dBTP.', targetLufs: -24, truePeakDbtp: -2 },
];

export const FACTORY_PRESETS: readonly Preset[] = Object.freeze(FACTORY_INPUTS.map((p) => Object.freeze(PresetSchema.parse(p))));

export function factoryPreset(name: string): Preset | undefined {
  return FACTORY_PRESETS.find((p) => p.name === name);
}

export function requireFactoryPreset(name: string): Preset {
  const preset = factoryPreset(name);
  if (!preset) {
    throw new FoleyError('PRESET_UNKNOWN', `No preset named "${name}". Built-in presets: ${FACTORY_PRESETS.map((p) => p.name).join(', ')}.`);
  }
  return preset;
}
