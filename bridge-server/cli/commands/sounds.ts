/**
 * `foley sounds`: the procedural sound engine's catalogue and listening renders.
 *   --list [--json]   classes, their params (ranges, values) and presets
 *   --render DIR      every class × catalogue preset → DIR/<class>/<preset>.wav (48 kHz 24-bit) + .png spectrogram
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FoleyError } from '../../core/errors';
import { toMono } from '../../core/audio';
import { writeWav } from '../../media';
import { loadCatalogue, renderSound, type SoundClass } from '../../pipeline/generate/procedural';
import { spectrogramPng } from '../../pipeline/generate/procedural/spectrogramPng';
import { printJson } from '../output';

function describeParams(cls: SoundClass): string {
  return Object.entries(cls.params)
    .map(([name, spec]) => {
      if (spec.type === 'enum') return `${name}=${Object.keys(spec.values).join('|')} (default ${spec.default})`;
      if (spec.type === 'number') return `${name}=${spec.min}..${spec.max} (default ${spec.default})`;
      return `${name}=true|false (default ${String(spec.default)})`;
    })
    .join('; ');
}

interface SoundsOptions {
  list?: boolean;
  json?: boolean;
  render?: string;
  seed: string;
  bedSec: string;
  class?: string;
}

export function register(program: Command): void {
  program
    .command('sounds')
    .description('list the procedural sound classes, or render every preset to WAV + spectrogram PNG for listening')
    .option('--list', 'list classes, parameters and presets')
    .option('--json', 'with --list: print the catalogue as JSON')
    .option('--render <dir>', 'render every class/preset to DIR/<class>/<preset>.wav and .png')
    .option('--class <id>', 'with --render: only this class')
    .option('--seed <n>', 'seed for the renders', '1')
    .option('--bed-sec <s>', 'length of bed renders in seconds', '10')
    .action((opts: SoundsOptions) => {
      const catalogue = loadCatalogue();
      if (!opts.render) {
        if (opts.json) {
          printJson(catalogue);
          return;
        }
        for (const cls of catalogue.classes) {
          process.stdout.write(`${cls.id} (${cls.kind}, stem ${cls.stem}): ${describeParams(cls)}\n  presets: ${cls.presets.map((p) => p.name).join(', ')}\n`);
        }
        return;
      }
      const seed = Number(opts.seed);
      const bedSec = Number(opts.bedSec);
      if (!Number.isInteger(seed) || seed < 0) throw new FoleyError('USAGE', `--seed must be a non-negative integer (got "${opts.seed}").`);
      if (!Number.isFinite(bedSec) || bedSec < 0.5 || bedSec > 600) throw new FoleyError('USAGE', `--bed-sec must be between 0.5 and 600 (got "${opts.bedSec}").`);
      const classes = opts.class ? catalogue.classes.filter((c) => c.id === opts.class) : catalogue.classes;
      if (classes.length === 0) throw new FoleyError('USAGE', `--class "${opts.class}" is not in the catalogue (run foley sounds --list).`);
      const root = resolve(opts.render);
      let files = 0;
      for (const cls of classes) {
        const dir = join(root, cls.id);
        try {
          mkdirSync(dir, { recursive: true });
        } catch (e) {
          throw new FoleyError('OUTPUT_FAILED', `Cannot create ${dir}; check the folder is writable.`, { cause: e });
        }
        for (const preset of cls.presets) {
          const take = renderSound({ class: cls.id, params: preset.params, seed, sampleRateHz: 48000, durationSec: bedSec });
          writeWav(join(dir, `${preset.name}.wav`), take.audio, { bext: { description: `foley procedural ${cls.id}/${preset.name} seed ${seed}` } });
          writeFileSync(join(dir, `${preset.name}.png`), spectrogramPng(toMono(take.audio), take.audio.sampleRateHz));
          files++;
        }
        process.stderr.write(`  ${cls.id}: ${cls.presets.length} presets\n`);
      }
      process.stdout.write(`rendered ${files} presets to ${root}\n`);
    });
}
