/** The browser host's timeline view: video clips (click to select, shift-click to add), markers and audio tracks. */
import { useSyncExternalStore } from 'react';
import type { SimulatedSequence } from './simulatedSequence';

const PX_PER_FRAME = 4;

export function SimulatedTimeline({ sequence }: { sequence: SimulatedSequence }) {
  useSyncExternalStore(sequence.subscribe.bind(sequence), () => sequence.revision);
  const { scene } = sequence;
  const videoTracks = Math.max(1, ...scene.clips.map((c) => c.videoTrack + 1));
  return (
    <div className="sim-timeline" data-testid="sim-timeline">
      <div className="sim-toolbar">
        <strong>{scene.sequence.name}</strong> · {scene.sequence.fps.num}/{scene.sequence.fps.den} fps
        <button type="button" onClick={() => sequence.undo()} disabled={sequence.undoStack.length === 0} data-testid="sim-undo">
          Undo {sequence.undoStack.at(-1)?.label ?? ''}
        </button>
      </div>
      <div className="sim-track sim-markers" data-testid="sim-markers">
        {scene.markers.map((m) => (
          <span key={m.id} className={`sim-marker sim-color-${m.colorIndex}`} style={{ left: m.startFrame * PX_PER_FRAME }} title={`${m.name} ${m.comments}`} data-testid={`sim-marker-${m.id}`} />
        ))}
      </div>
      {Array.from({ length: videoTracks }, (_, i) => videoTracks - 1 - i).map((track) => (
        <div key={`v${track}`} className="sim-track">
          <span className="sim-track-name">V{track + 1}</span>
          {scene.clips
            .filter((c) => c.videoTrack === track)
            .map((c) => (
              <button
                type="button"
                key={c.id}
                className={`sim-clip${sequence.selection.has(c.id) ? ' sim-selected' : ''}`}
                style={{ left: c.startFrame * PX_PER_FRAME, width: c.durationFrames * PX_PER_FRAME }}
                onClick={(e) => sequence.toggleSelect(c.id, e.shiftKey)}
                data-testid={`sim-clip-${c.id}`}
              >
                {c.name}
              </button>
            ))}
        </div>
      ))}
      {sequence.audioTracks.map((t, index) => (
        <div key={`a${index}`} className="sim-track" data-testid={`sim-audio-track-${index}`} data-name={t.name}>
          <span className="sim-track-name">
            A{index + 1} {t.name}
          </span>
          {t.items.map((item) => (
            <span
              key={item.id}
              className="sim-audio-item"
              style={{ left: item.startFrame * PX_PER_FRAME, width: item.durationFrames * PX_PER_FRAME }}
              title={item.filePath}
              data-testid="sim-audio-item"
              data-start-frame={item.startFrame}
              data-file={item.filePath}
            />
          ))}
        </div>
      ))}
    </div>
  );
}
