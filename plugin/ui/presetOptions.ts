/** Preset picker options: the project's presets, the default marked, in the server's order. */
import type { PresetView } from './panelStore';

export function presetOptions(presets: readonly PresetView[], defaultName: string): Array<{ value: string; label: string }> {
  if (presets.length === 0) return [{ value: defaultName, label: defaultName }];
  return presets.map((p) => ({ value: p.preset.name, label: p.preset.name === defaultName ? `${p.preset.name} (default)` : p.preset.name }));
}
