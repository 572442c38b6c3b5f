/**
 * Generate Foley for the selected clip(s): prompt / narrative text, preset, variations and seed; "Plan"
 * opens the cue sheet for review before rendering.
 */
import { useEffect, useState } from 'react';
import { formatFrameRate } from '../time/frameRate';
import { PlanReview } from './PlanReview';
import { presetOptions } from './presetOptions';
import { usePanelState, usePanelStore } from './usePanel';
import { Button, ErrorLine, Heading, Picker, TextField } from './widgets';

export function formatTimecodeSec(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = sec - m * 60;
  return `${m}:${s.toFixed(2).padStart(5, '0')}`;
}

export function GenerateTab() {
  const store = usePanelStore();
  const state = usePanelState();
  const [prompt, setPrompt] = useState('');
  const [presetName, setPresetName] = useState(state.defaultPreset);
  const [variations, setVariations] = useState('');
  const [seed, setSeed] = useState('1');
  useEffect(() => setPresetName(state.defaultPreset), [state.defaultPreset]);

  const ready = state.connection.status === 'ready';
  const options = () => ({
    prompt,
    presetName,
    seed: Math.max(0, Math.floor(Number(seed) || 0)),
    variations: variations.trim() ? Math.min(16, Math.max(1, Math.floor(Number(variations)))) : undefined,
  });

  return (
    <section className="fb-tab" data-testid="generate-tab">
      <Heading>Selected clips</Heading>
      {state.sequence ? (
        <p className="fb-hint" data-testid="sequence-info">
          {state.sequence.name} · {formatFrameRate(state.sequence.fps)}
        </p>
      ) : (
        <p className="fb-hint">No active sequence.</p>
      )}
      <div className="fb-list" data-testid="selected-clips">
        {state.selectedClips.length === 0 ? <p className="fb-hint">Select clips on the timeline, then Refresh.</p> : null}
        {state.selectedClips.map((c) => (
          <div key={c.id} className="fb-list-row">
            <span>{c.name}</span>
            <span className="fb-mono">
              {formatTimecodeSec(c.timelineStartSec)}–{formatTimecodeSec(c.timelineEndSec)}
            </span>
          </div>
        ))}
      </div>
      <div className="fb-row">
        <Button quiet onClick={() => void store.refreshHost()} testId="refresh-selection">
          Refresh
        </Button>
      </div>
      <TextField label="Prompt / narrative" multiline value={prompt} onChange={setPrompt} placeholder="heels on marble, a door slams" testId="prompt" />
      <div className="fb-row">
        <Picker label="Preset" value={presetName} options={presetOptions(state.presets, state.defaultPreset)} onChange={setPresetName} testId="preset-picker" />
        <TextField label="Variations" type="number" value={variations} onChange={setVariations} placeholder="preset" width={70} testId="variations" />
        <TextField label="Seed" type="number" value={seed} onChange={setSeed} width={70} testId="seed" />
      </div>
      <div className="fb-row">
        <Button variant="cta" disabled={!ready} onClick={() => void store.generateForSelection(options())} testId="generate">
          Generate Foley
        </Button>
        <Button disabled={!ready} onClick={() => void store.planSelection(options())} testId="plan">
          Plan first
        </Button>
      </div>
      <ErrorLine error={state.hostError} />
      {state.plan ? <PlanReview /> : null}
    </section>
  );
}
