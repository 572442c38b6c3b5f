/**
 * Marker batch: the sequence's markers filtered by colour and a prefix such as `SFX:`, one job for all
 * of them with progress per marker, "Place all" as one undoable edit, and "Retry failed".
 */
import { useState } from 'react';
import { MARKER_COLOR_NAMES } from '../hosts/hostAdapter';
import { filterMarkers, markerText } from './panelStore';
import { formatTimecodeSec } from './GenerateTab';
import { JobCard, stageLabel } from './JobList';
import { presetOptions } from './presetOptions';
import { usePanelState, usePanelStore } from './usePanel';
import { Button, Heading, Picker, TextField } from './widgets';

export function MarkerBatch() {
  const store = usePanelStore();
  const state = usePanelState();
  const [presetName, setPresetName] = useState<string | null>(null);
  const [seed, setSeed] = useState('1');
  const filter = state.markerFilter;
  const markers = filterMarkers(state.markers, filter);
  const job = state.jobs.find((j) => j.jobId === state.markerJobId);
  const chosenPreset = presetName ?? state.defaultPreset;

  return (
    <section className="fb-tab" data-testid="marker-tab">
      <Heading>Markers</Heading>
      <div className="fb-row">
        <Picker
          label="Colour"
          value={filter.colorIndex === null ? 'any' : String(filter.colorIndex)}
          options={[{ value: 'any', label: 'Any colour' }, ...MARKER_COLOR_NAMES.map((name, i) => ({ value: String(i), label: name }))]}
          onChange={(v) => store.setMarkerFilter({ colorIndex: v === 'any' ? null : Number(v) })}
          testId="marker-color"
        />
        <TextField label="Prefix" value={filter.prefix} onChange={(prefix) => store.setMarkerFilter({ prefix })} width={80} testId="marker-prefix" />
        <Button quiet onClick={() => void store.refreshHost()} testId="refresh-markers">
          Refresh
        </Button>
      </div>
      <div className="fb-list" data-testid="marker-list">
        {markers.length === 0 ? <p className="fb-hint">No marker matches. Add markers with comments like “SFX: glass shatters”.</p> : null}
        {markers.map((m) => {
          const item = job?.items.find((i) => i.markerId === m.id);
          return (
            <div key={m.id} className="fb-list-row" data-testid={`marker-${m.id}`} data-status={item?.status ?? 'idle'}>
              <span className={`fb-swatch fb-color-${m.colorName}`} aria-label={m.colorName} />
              <span className="fb-mono">{formatTimecodeSec(m.startSec)}</span>
              <span className="fb-grow">{markerText(m, filter.prefix)}</span>
              <span className="fb-hint">{item ? (item.placed ? 'Placed' : item.error ? `${item.error.code}` : stageLabel(item)) : ''}</span>
            </div>
          );
        })}
      </div>
      <div className="fb-row">
        <Picker label="Preset" value={chosenPreset} options={presetOptions(state.presets, state.defaultPreset)} onChange={setPresetName} testId="marker-preset" />
        <TextField label="Seed" type="number" value={seed} onChange={setSeed} width={70} />
        <Button
          variant="cta"
          disabled={state.connection.status !== 'ready' || markers.length === 0}
          onClick={() => void store.generateMarkers({ prompt: '', presetName: chosenPreset, seed: Math.max(0, Math.floor(Number(seed) || 0)) })}
          testId="generate-markers"
        >
          Generate all ({markers.length})
        </Button>
      </div>
      {job ? <JobCard job={job} /> : null}
    </section>
  );
}
