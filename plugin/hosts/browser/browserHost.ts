/**
 * The browser host adapter: the HostAdapter interface over a SimulatedSequence. It behaves like a
 * frame-based host (Resolve-style integer frames; conversions only here, through time/frames.ts) but
 * offers selection and undo grouping so the whole panel can be exercised in Chromium.
 */
import { framesToSeconds, secondsToFrames } from '../../time/frames';
import {
  HostError,
  MARKER_COLOR_NAMES,
  type HostAdapter,
  type HostClip,
  type HostMarker,
  type PlacementFailure,
  type PlacementReport,
  type PlacementRequest,
  type PlacedItem,
  type SequenceInfo,
} from '../hostAdapter';
import type { SimClip, SimulatedSequence } from './simulatedSequence';

/** Length given to a placed item when the caller does not know the file's duration. */
const DEFAULT_ITEM_SEC = 2;

export class BrowserHost implements HostAdapter {
  readonly kind = 'browser' as const;
  readonly capabilities = Object.freeze({ selection: true, undoGrouping: true, timeUnit: 'frames' as const });

  constructor(
    readonly sequence: SimulatedSequence,
    private readonly binName = 'Foley',
  ) {}

  async getProjectId(): Promise<string> {
    return this.sequence.scene.projectId;
  }

  async getSequence(): Promise<SequenceInfo | null> {
    const { id, name, fps } = this.sequence.scene.sequence;
    return { id, name, fps };
  }

  async getSelectedClips(): Promise<HostClip[]> {
    return this.sequence.scene.clips
      .filter((c) => this.sequence.selection.has(c.id))
      .map((c) => this.describe(c))
      .sort((a, b) => a.timelineStartSec - b.timelineStartSec);
  }

  async getMarkers(): Promise<HostMarker[]> {
    const fps = this.sequence.scene.sequence.fps;
    return this.sequence.scene.markers
      .map((m) => ({
        id: m.id,
        name: m.name,
        comments: m.comments,
        startSec: framesToSeconds(m.startFrame, fps),
        durationSec: framesToSeconds(m.durationFrames, fps),
        colorIndex: m.colorIndex,
        colorName: MARKER_COLOR_NAMES[m.colorIndex] ?? ('unknown' as const),
      }))
      .sort((a, b) => a.startSec - b.startSec);
  }

  async getClipAt(sec: number): Promise<HostClip | null> {
    const frame = secondsToFrames(sec, this.sequence.scene.sequence.fps);
    const covering = this.sequence.scene.clips
      .filter((c) => frame >= c.startFrame && frame < c.startFrame + c.durationFrames)
      .sort((a, b) => b.videoTrack - a.videoTrack);
    const top = covering[0];
    return top ? this.describe(top) : null;
  }

  async placeResults(request: PlacementRequest): Promise<PlacementReport> {
    const fps = this.sequence.scene.sequence.fps;
    const failed: PlacementFailure[] = [];
    const valid = request.items.filter((item) => {
      if (!item.filePath.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(item.filePath)) {
        failed.push({ key: item.key, filePath: item.filePath, reason: `not an absolute path: ${item.filePath}` });
        return false;
      }
      return true;
    });
    for (const item of valid) this.sequence.importFile(this.binName, item.filePath);

    let trackIndex = this.sequence.audioTracks.findIndex((t) => t.name === request.trackName);
    const createdTrack = trackIndex < 0;
    this.sequence.transaction(request.undoLabel, () => {
      if (createdTrack) trackIndex = this.sequence.addAudioTrack(request.trackName);
      for (const item of valid) {
        const durationSec = item.durationSec ?? DEFAULT_ITEM_SEC;
        this.sequence.overwrite(trackIndex, item.filePath, secondsToFrames(item.timelineStartSec, fps), Math.max(1, secondsToFrames(durationSec, fps)));
      }
    });

    // read back, as a real adapter must
    const track = this.sequence.audioTracks[trackIndex];
    if (!track) throw new HostError('HOST_PLACEMENT_FAILED', `audio track ${trackIndex} vanished`);
    const placed: PlacedItem[] = [];
    for (const item of valid) {
      const frame = secondsToFrames(item.timelineStartSec, fps);
      const hit = track.items.find((i) => i.filePath === item.filePath && i.startFrame === frame);
      if (hit) placed.push({ key: item.key, filePath: item.filePath, trackIndex, startSec: framesToSeconds(hit.startFrame, fps) });
      else failed.push({ key: item.key, filePath: item.filePath, reason: `did not land on ${track.name} at frame ${frame}` });
    }
    return { placed, failed, trackIndex, createdTrack };
  }

  onSelectionChanged(listener: () => void): () => void {
    let last = [...this.sequence.selection].join(',');
    return this.sequence.subscribe(() => {
      const now = [...this.sequence.selection].join(',');
      if (now !== last) {
        last = now;
        listener();
      }
    });
  }

  private describe(c: SimClip): HostClip {
    const fps = this.sequence.scene.sequence.fps;
    return {
      id: c.id,
      name: c.name,
      mediaPath: c.mediaPath,
      sourceInSec: framesToSeconds(c.sourceInFrame, fps),
      sourceOutSec: framesToSeconds(c.sourceInFrame + c.durationFrames, fps),
      timelineStartSec: framesToSeconds(c.startFrame, fps),
      timelineEndSec: framesToSeconds(c.startFrame + c.durationFrames, fps),
      trackIndex: c.videoTrack,
    };
  }
}
