/**
 * Per-project presets in the server database, next to the read-only factory set (factory.ts). A project
 * is identified by the id the panel provides (e.g. the Premiere project's GUID). Names resolve project
 * first, then factory; every stored preset is re-validated on the way out, so a preset written by an older
 * engine is completed with today's defaults instead of breaking a job.
 */
import type { SqliteDatabase } from '../core/sqlite';
import { FoleyError } from '../core/errors';
import { PresetSchema, type Preset } from '../contracts/preset';
import { FACTORY_PRESETS, factoryPreset } from './factory';

export interface PresetEntry {
  preset: Preset;
  factory: boolean;
  isDefault: boolean;
}

export interface PresetExport {
  format: 'foley-presets';
  version: 1;
  projectId?: string;
  defaultPreset?: string;
  presets: Preset[];
}

export class PresetStore {
  constructor(private readonly db: SqliteDatabase) {}

  private stored(projectId: string): Preset[] {
    const rows = this.db.prepare(`SELECT preset_json FROM presets WHERE project_id = ? ORDER BY name`).all(projectId) as Array<{ preset_json: string }>;
    const out: Preset[] = [];
    for (const r of rows) {
      const parsed = PresetSchema.safeParse(JSON.parse(r.preset_json));
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  }

  defaultName(projectId: string | undefined): string {
    if (projectId === undefined) return 'default';
    const row = this.db.prepare(`SELECT preset_name FROM project_defaults WHERE project_id = ?`).get(projectId) as { preset_name: string } | undefined;
    if (row && this.find(projectId, row.preset_name)) return row.preset_name;
    return 'default';
  }

  private find(projectId: string | undefined, name: string): PresetEntry | undefined {
    if (projectId !== undefined) {
      const row = this.db.prepare(`SELECT preset_json FROM presets WHERE project_id = ? AND name = ?`).get(projectId, name) as { preset_json: string } | undefined;
      if (row) {
        const parsed = PresetSchema.safeParse(JSON.parse(row.preset_json));
        if (parsed.success) return { preset: parsed.data, factory: false, isDefault: false };
      }
    }
    const f = factoryPreset(name);
    return f ? { preset: f, factory: true, isDefault: false } : undefined;
  }

  list(projectId: string): { presets: PresetEntry[]; defaultName: string } {
    const defaultName = this.defaultName(projectId);
    const stored = this.stored(projectId);
    const storedNames = new Set(stored.map((p) => p.name));
    const entries: PresetEntry[] = [
      ...stored.map((preset) => ({ preset, factory: false, isDefault: preset.name === defaultName })),
      // a project preset may shadow a factory preset of the same name
      ...FACTORY_PRESETS.filter((p) => !storedNames.has(p.name)).map((preset) => ({ preset, factory: true, isDefault: preset.name === defaultName })),
    ];
    return { presets: entries, defaultName };
  }

  /** resolves a name (or the project default) to a preset; PRESET_UNKNOWN when there is none */
  resolve(projectId: string | undefined, name: string | undefined): PresetEntry {
    const wanted = name ?? this.defaultName(projectId);
    const entry = this.find(projectId, wanted);
    if (!entry) throw new FoleyError('PRESET_UNKNOWN', `No preset named "${wanted}" in project "${projectId ?? '(none)'}" or the factory set.`);
    return { ...entry, isDefault: wanted === this.defaultName(projectId) };
  }

  save(projectId: string, preset: Preset): void {
    this.db
      .prepare(
        `INSERT INTO presets (project_id, name, preset_json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (project_id, name) DO UPDATE SET preset_json = excluded.preset_json, updated_at = excluded.updated_at`,
      )
      .run(projectId, preset.name, JSON.stringify(preset), Date.now());
  }

  /** deletes a stored preset; false when the project has no preset of that name */
  delete(projectId: string, name: string): boolean {
    const info = this.db.prepare(`DELETE FROM presets WHERE project_id = ? AND name = ?`).run(projectId, name);
    if (info.changes > 0) this.db.prepare(`DELETE FROM project_defaults WHERE project_id = ? AND preset_name = ?`).run(projectId, name);
    return info.changes > 0;
  }

  isStored(projectId: string, name: string): boolean {
    return this.db.prepare(`SELECT 1 FROM presets WHERE project_id = ? AND name = ?`).get(projectId, name) !== undefined;
  }

  exists(projectId: string, name: string): boolean {
    return this.find(projectId, name) !== undefined;
  }

  setDefault(projectId: string, name: string): void {
    this.db
      .prepare(`INSERT INTO project_defaults (project_id, preset_name) VALUES (?, ?) ON CONFLICT (project_id) DO UPDATE SET preset_name = excluded.preset_name`)
      .run(projectId, name);
  }

  export(projectId: string): PresetExport {
    const row = this.db.prepare(`SELECT preset_name FROM project_defaults WHERE project_id = ?`).get(projectId) as { preset_name: string } | undefined;
    const doc: PresetExport = { format: 'foley-presets', version: 1, projectId, presets: this.stored(projectId) };
    if (row) doc.defaultPreset = row.preset_name;
    return doc;
  }

  /** imports presets (all or nothing); existing names are kept unless `overwrite`; factory names are never replaced */
  import(projectId: string, doc: PresetExport, overwrite: boolean): { imported: string[]; skipped: string[] } {
    const imported: string[] = [];
    const skipped: string[] = [];
    this.db.transaction(() => {
      for (const preset of doc.presets) {
        if (factoryPreset(preset.name) || (!overwrite && this.isStored(projectId, preset.name))) {
          skipped.push(preset.name);
          continue;
        }
        this.save(projectId, preset);
        imported.push(preset.name);
      }
      if (doc.defaultPreset && this.exists(projectId, doc.defaultPreset)) this.setDefault(projectId, doc.defaultPreset);
    })();
    return { imported, skipped };
  }
}
