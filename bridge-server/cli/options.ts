/**
 * Shared option handling for the pipeline commands: presets by name or JSON file, numbers checked with the flag named in the error. Everything from outside is validated here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type PipelineRequest, type PipelineRequestInput, PipelineRequestSchema } from '../contracts/job';
import { type Preset, PresetSchema } from '../contracts/preset';
import { FoleyError } from '../core/errors';
import { factoryPreset, requireFactoryPreset } from '../presets/factory';

export function usageError(message: string): Error {
  return Object.assign(new Error(message), { usage: true });
}

export function numberOption(flag: string, value: string | undefined, check: { min?: number; integer?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw usageError(`${flag} must be a number (got "${value}").`);
  if (check.integer && !Number.isInteger(n)) throw usageError(`${flag} must be a whole number (got "${value}").`);
  if (check.min !== undefined && n < check.min) throw usageError(`${flag} must be at least ${check.min} (got ${value}).`);
  return n;
}

/**
 * The pipeline request a command built from its options, checked against the contract; a value the
 * flags' own checks let through but the contract bounds (e.g. --variations 1000, a prompt of 30 000
 * characters) is a usage error naming the flag, never an internal error. `flags` maps request fields to
 * the command's flag names.
 */
export function parseRequest(input: PipelineRequestInput, flags: Partial<Record<keyof PipelineRequest, string>>): PipelineRequest {
  const r = PipelineRequestSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path[0];
  const flag = typeof field === 'string' ? (flags[field as keyof PipelineRequest] ?? field) : 'the request';
  throw usageError(`${flag}: ${issue?.message ?? 'not valid'}.`);
}

/** A factory preset name, or a path to a preset JSON file. */
export function loadPreset(nameOrPath: string | undefined): Preset {
  const name = nameOrPath ?? 'default';
  const builtIn = factoryPreset(name);
  if (builtIn) return builtIn;
  if (name.endsWith('.json') && existsSync(name)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(name, 'utf8'));
    } catch {
      throw new FoleyError('INPUT_INVALID', `${name}: the preset file is not valid JSON.`);
    }
    const r = PresetSchema.safeParse(raw);
    if (!r.success) {
      const first = r.error.issues[0];
      throw new FoleyError('INPUT_INVALID', `${name}: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid preset'}.`);
    }
    return r.data;
  }
  return requireFactoryPreset(name);
}

export function resolveMediaArg(path: string): string {
  return resolve(path);
}
