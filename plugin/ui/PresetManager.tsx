/** Presets per project: create, edit, duplicate, delete and set the project default. */
import { useEffect, useState } from 'react';
import type { Preset } from '../../bridge-server/contracts/preset';
import { usePanelState, usePanelStore } from './usePanel';
import { Button, Checkbox, ErrorLine, Heading, Picker, TextField } from './widgets';

const BACKEND_ORDERS: ReadonlyArray<{ value: string; label: string; backends: Preset['backends'] }> = Object.freeze([
  { value: 'procedural', label: 'Procedural', backends: ['procedural'] },
  { value: 'library,procedural', label: 'Library, then procedural', backends: ['library', 'procedural'] },
  { value: 'onnx,procedural', label: 'Neural, then procedural', backends: ['onnx', 'procedural'] },
]);

export const NEW_PRESET: Preset = Object.freeze({
  name: 'my preset',
  description: '',
  variations: 3,
  backends: ['procedural'],
  targetLufs: -23,
  truePeakDbtp: -1,
  bitDepth: '24',
  stems: {},
  duckUnderSpeech: false,
  planner: 'rules',
  autoInsert: false,
  targetTrack: 'Foley',
}) as Preset;

function PresetEditor({ initial, originalName, onDone }: { initial: Preset; originalName?: string; onDone: () => void }) {
  const store = usePanelStore();
  const [draft, setDraft] = useState<Preset>(initial);
  const [lufs, setLufs] = useState(String(initial.targetLufs));
  const [variations, setVariations] = useState(String(initial.variations));
  const lufsValue = Number(lufs);
  const variationsValue = Number(variations);
  const valid = draft.name.trim().length > 0 && Number.isFinite(lufsValue) && lufsValue <= 0 && lufsValue >= -60 && Number.isInteger(variationsValue) && variationsValue >= 1 && variationsValue <= 16;
  return (
    <div className="fb-editor" data-testid="preset-editor">
      <TextField label="Name" value={draft.name} onChange={(name) => setDraft({ ...draft, name })} testId="preset-name" />
      <TextField label="Description" value={draft.description} onChange={(description) => setDraft({ ...draft, description })} />
      <div className="fb-row">
        <TextField label="Variations" type="number" value={variations} onChange={setVariations} width={70} testId="preset-variations" />
        <TextField label="Loudness (LUFS)" type="number" value={lufs} onChange={setLufs} width={70} testId="preset-lufs" />
        <TextField label="Target track" value={draft.targetTrack} onChange={(targetTrack) => setDraft({ ...draft, targetTrack })} width={100} testId="preset-track" />
      </div>
      <Picker
        label="Sound sources"
        value={draft.backends.join(',')}
        options={BACKEND_ORDERS.map((o) => ({ value: o.value, label: o.label }))}
        onChange={(v) => setDraft({ ...draft, backends: BACKEND_ORDERS.find((o) => o.value === v)?.backends ?? draft.backends })}
      />
      <Checkbox label="Insert results automatically" checked={draft.autoInsert} onChange={(autoInsert) => setDraft({ ...draft, autoInsert })} testId="preset-autoinsert" />
      <div className="fb-row">
        <Button
          variant="cta"
          disabled={!valid}
          onClick={() =>
            void store.savePreset({ ...draft, name: draft.name.trim(), targetLufs: lufsValue, variations: variationsValue }, originalName).then((ok) => ok && onDone())
          }
          testId="preset-save"
        >
          Save
        </Button>
        <Button quiet onClick={onDone}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

export function PresetManager() {
  const store = usePanelStore();
  const state = usePanelState();
  const [editing, setEditing] = useState<{ preset: Preset; originalName?: string } | null>(null);
  useEffect(() => {
    if (state.connection.status === 'ready') void store.loadPresets();
  }, [state.connection.status, state.projectId, store]);

  return (
    <section className="fb-tab" data-testid="preset-tab">
      <Heading>Presets for this project</Heading>
      <div className="fb-list" data-testid="preset-list">
        {state.presets.map(({ preset, factory, isDefault }) => (
          <div key={preset.name} className="fb-list-row" data-testid={`preset-${preset.name}`}>
            <span className="fb-grow">
              {preset.name}
              {isDefault ? <em className="fb-badge"> default</em> : null}
              {factory ? <em className="fb-hint"> built-in</em> : null}
            </span>
            {factory ? null : (
              <Button quiet onClick={() => setEditing({ preset, originalName: preset.name })} testId={`preset-edit-${preset.name}`}>
                Edit
              </Button>
            )}
            <Button quiet onClick={() => void store.duplicatePreset(preset.name)} testId={`preset-duplicate-${preset.name}`}>
              Duplicate
            </Button>
            {factory ? null : (
              <Button quiet variant="warning" onClick={() => void store.deletePreset(preset.name)} testId={`preset-delete-${preset.name}`}>
                Delete
              </Button>
            )}
            {isDefault ? null : (
              <Button quiet onClick={() => void store.setDefaultPreset(preset.name)} testId={`preset-default-${preset.name}`}>
                Make default
              </Button>
            )}
          </div>
        ))}
      </div>
      <ErrorLine error={state.presetError} />
      {editing ? (
        <PresetEditor key={editing.originalName ?? 'new'} initial={editing.preset} originalName={editing.originalName} onDone={() => setEditing(null)} />
      ) : (
        <Button onClick={() => setEditing({ preset: { ...NEW_PRESET } })} testId="preset-new" disabled={state.connection.status !== 'ready'}>
          New preset
        </Button>
      )}
    </section>
  );
}
