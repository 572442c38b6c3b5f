/**
 * The Premiere Pro adapter (UXP). Reads the active sequence's exact frame rate, the selection (linked
 * audio/video items deduplicated), markers and the project id; imports results into a dedicated bin and
 * finds them by media path (`importFiles` only returns a boolean, P1); places every result with overwrite
 * actions at the exact tick time inside one `lockedAccess` and one `executeTransaction` (one undo step,
 * §1.8), then reads the track back and reports what did not land (P5).
 * Reference: /work/shared/reference/host-apis.md §1 and pitfalls P1–P8.
 */
import type {
  AudioClipTrackItem,
  FolderItem,
  Project,
  ProjectItem,
  Sequence,
  TickTime,
  VideoClipTrackItem,
} from '@adobe/premierepro';
import type { FrameRate } from '../../time/frameRate';
import { frameRateFromTicksPerFrame, secondsToTicks, ticksPerFrame, ticksToSeconds } from '../../time/ticks';
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
import type { PremiereApi } from './premiereApi';

export interface PremiereHostOptions {
  ppro: PremiereApi;
  /** checks a result file exists before import (UXP `fs`); import of a missing file can report success (P1) */
  pathExists?: (path: string) => Promise<boolean>;
  /** name of the project bin results are imported into */
  binName?: string;
}

type TrackItem = VideoClipTrackItem | AudioClipTrackItem;

interface SequenceContext {
  project: Project;
  sequence: Sequence;
  fps: FrameRate;
}

/** Paths compare case-insensitively with either slash: Premiere reports Windows paths with backslashes. */
export function normalizeMediaPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/\/+/g, '/').toLowerCase();
}

function isVideoItem(item: TrackItem): item is VideoClipTrackItem {
  return 'createAddVideoTransitionAction' in item;
}

export class PremiereHost implements HostAdapter {
  readonly kind = 'premiere' as const;
  readonly capabilities = Object.freeze({ selection: true, undoGrouping: true, timeUnit: 'ticks' as const });
  private readonly ppro: PremiereApi;
  private readonly pathExists: ((path: string) => Promise<boolean>) | undefined;
  private readonly binName: string;
  /** audio track index this panel created per sequence, reused while no track carries the preset's name */
  private readonly createdTracks = new Map<string, number>();

  constructor(options: PremiereHostOptions) {
    this.ppro = options.ppro;
    this.pathExists = options.pathExists;
    this.binName = options.binName ?? 'Foley';
  }

  async getProjectId(): Promise<string> {
    return (await this.requireProject()).guid.toString();
  }

  async getSequence(): Promise<SequenceInfo | null> {
    const project = await this.requireProject();
    const sequence = await project.getActiveSequence();
    if (!sequence) return null;
    return { id: sequence.guid.toString(), name: sequence.name, fps: await this.readFrameRate(sequence) };
  }

  async getSelectedClips(): Promise<HostClip[]> {
    const { sequence } = await this.requireSequence();
    const selection = await sequence.getSelection();
    const items = await selection.getTrackItems();
    // a linked A/V clip is selected as two items; keep one per (project item, start), preferring video
    const byKey = new Map<string, { item: TrackItem; video: boolean }>();
    for (const item of items) {
      if ((await item.getType()) !== this.ppro.Constants.TrackItemType.CLIP) continue;
      const projectItem = await item.getProjectItem();
      const start = await item.getStartTime();
      const key = `${projectItem.getId()}@${start.ticks}`;
      const video = isVideoItem(item);
      const seen = byKey.get(key);
      if (!seen || (video && !seen.video)) byKey.set(key, { item, video });
    }
    const clips: HostClip[] = [];
    for (const { item } of byKey.values()) {
      const clip = await this.describeTrackItem(item);
      if (clip) clips.push(clip);
    }
    return clips.sort((a, b) => a.timelineStartSec - b.timelineStartSec || a.trackIndex - b.trackIndex);
  }

  async getMarkers(): Promise<HostMarker[]> {
    const { sequence } = await this.requireSequence();
    const markers = (await this.ppro.Markers.getMarkers(sequence)).getMarkers();
    return markers
      .map((marker, index): HostMarker => {
        const colorIndex = marker.getColorIndex();
        const start = marker.getStart();
        // Marker.guid exists from 26.3; older hosts get a position-based id
        const guid = (marker as { guid?: { toString(): string } }).guid;
        return {
          id: guid ? guid.toString() : `${start.ticks}#${index}`,
          name: marker.getName(),
          comments: marker.getComments(),
          startSec: ticksToSeconds(start.ticks),
          durationSec: ticksToSeconds(marker.getDuration().ticks),
          colorIndex,
          colorName: MARKER_COLOR_NAMES[colorIndex] ?? 'unknown',
        };
      })
      .sort((a, b) => a.startSec - b.startSec);
  }

  async getClipAt(sec: number): Promise<HostClip | null> {
    const { sequence } = await this.requireSequence();
    const count = await sequence.getVideoTrackCount();
    // the topmost video track is the picture the editor sees
    for (let index = count - 1; index >= 0; index--) {
      const track = await sequence.getVideoTrack(index);
      for (const item of track.getTrackItems(this.ppro.Constants.TrackItemType.CLIP, false)) {
        const start = ticksToSeconds((await item.getStartTime()).ticks);
        const end = ticksToSeconds((await item.getEndTime()).ticks);
        if (sec >= start && sec < end) {
          const clip = await this.describeTrackItem(item);
          if (clip) return clip;
        }
      }
    }
    return null;
  }

  async placeResults(request: PlacementRequest): Promise<PlacementReport> {
    const { project, sequence, fps } = await this.requireSequence();
    const failed: PlacementFailure[] = [];
    const candidates = [];
    for (const item of request.items) {
      if (this.pathExists && !(await this.pathExists(item.filePath))) {
        failed.push({ key: item.key, filePath: item.filePath, reason: `file not found: ${item.filePath}` });
      } else {
        candidates.push(item);
      }
    }

    const bin = await this.ensureBin(project);
    if (candidates.length > 0) {
      // suppressUI; the bin is a ProjectItem (never undefined: P1 "Illegal Parameter type")
      await project.importFiles(
        candidates.map((c) => c.filePath),
        true,
        bin,
        false,
      );
    }
    const imported = await this.findImportedByPath(bin);

    const { trackIndex, createdTrack } = await this.resolveTargetTrack(sequence, request.trackName);
    const placeable: Array<{ key: string; filePath: string; projectItem: ProjectItem; time: TickTime; ticks: string }> = [];
    for (const item of candidates) {
      const projectItem = imported.get(normalizeMediaPath(item.filePath));
      if (!projectItem) {
        failed.push({ key: item.key, filePath: item.filePath, reason: `import failed: ${item.filePath} is not in the "${this.binName}" bin` });
        continue;
      }
      const ticks = secondsToTicks(item.timelineStartSec, fps);
      placeable.push({ key: item.key, filePath: item.filePath, projectItem, time: this.ppro.TickTime.createWithTicks(ticks), ticks });
    }
    placeable.sort((a, b) => (BigInt(a.ticks) < BigInt(b.ticks) ? -1 : BigInt(a.ticks) > BigInt(b.ticks) ? 1 : 0));

    let committed = placeable.length === 0;
    if (placeable.length > 0) {
      const editor = this.ppro.SequenceEditor.getEditor(sequence);
      // every await happened above: the lock and transaction callbacks are synchronous (§1.8, P2)
      project.lockedAccess(() => {
        const actions = placeable.map((p, i) =>
          createdTrack && i === 0
            ? // the documented way to get a new track: insert past the last track; limitShift keeps other tracks still
              editor.createInsertProjectItemAction(p.projectItem, p.time, 0, trackIndex, true)
            : editor.createOverwriteItemAction(p.projectItem, p.time, 0, trackIndex),
        );
        committed = project.executeTransaction((compound) => {
          for (const action of actions) compound.addAction(action);
        }, request.undoLabel);
      });
    }
    if (!committed) {
      for (const p of placeable) failed.push({ key: p.key, filePath: p.filePath, reason: 'Premiere rejected the placement transaction' });
      return { placed: [], failed, trackIndex, createdTrack };
    }
    if (createdTrack && placeable.length > 0) this.createdTracks.set(sequence.guid.toString(), trackIndex);

    const placed = await this.readBack(sequence, trackIndex, fps, placeable, failed);
    return { placed, failed, trackIndex, createdTrack };
  }

  onSelectionChanged(listener: () => void): () => void {
    const handler = (): void => listener();
    const events = this.ppro.EventManager;
    events.addGlobalEventListener(this.ppro.Constants.SequenceEvent.SELECTION_CHANGED, handler);
    return () => events.removeGlobalEventListener(this.ppro.Constants.SequenceEvent.SELECTION_CHANGED, handler);
  }

  private async requireProject(): Promise<Project> {
    const project = await this.ppro.Project.getActiveProject();
    if (!project) throw new HostError('HOST_NO_PROJECT', 'No project is open in Premiere Pro: open a project first.');
    return project;
  }

  private async requireSequence(): Promise<SequenceContext> {
    const project = await this.requireProject();
    const sequence = await project.getActiveSequence();
    if (!sequence) throw new HostError('HOST_NO_SEQUENCE', 'No active sequence: open a sequence in the Timeline panel.');
    return { project, sequence, fps: await this.readFrameRate(sequence) };
  }

  /** SequenceSettings.getVideoFrameRate (26.2+), else the timebase in ticks per frame (25.6–26.1). */
  private async readFrameRate(sequence: Sequence): Promise<FrameRate> {
    const settings = await sequence.getSettings();
    if ('getVideoFrameRate' in settings && typeof settings.getVideoFrameRate === 'function') {
      return frameRateFromTicksPerFrame(settings.getVideoFrameRate().ticksPerFrame);
    }
    return frameRateFromTicksPerFrame(await sequence.getTimebase());
  }

  private async describeTrackItem(item: TrackItem): Promise<HostClip | null> {
    const projectItem = await item.getProjectItem();
    const clipItem = this.ppro.ClipProjectItem.cast(projectItem);
    // nested sequences and offline media have no file the bridge could analyse
    if (await clipItem.isSequence()) return null;
    const mediaPath = await clipItem.getMediaFilePath();
    if (!mediaPath) return null;
    const start = await item.getStartTime();
    const end = await item.getEndTime();
    const inPoint = await item.getInPoint();
    const outPoint = await item.getOutPoint();
    return {
      id: `${projectItem.getId()}@${start.ticks}`,
      name: await item.getName(),
      mediaPath,
      sourceInSec: ticksToSeconds(inPoint.ticks),
      sourceOutSec: ticksToSeconds(outPoint.ticks),
      timelineStartSec: ticksToSeconds(start.ticks),
      timelineEndSec: ticksToSeconds(end.ticks),
      trackIndex: await item.getTrackIndex(),
    };
  }

  private async findBin(project: Project): Promise<{ root: FolderItem; bin: ProjectItem | undefined }> {
    const root = await project.getRootItem();
    const items = await root.getItems();
    const bin = items.find((pi) => pi.type === this.ppro.ProjectItem.TYPE_BIN && pi.name === this.binName);
    return { root, bin };
  }

  /** The dedicated results bin; creating it is its own small undo step (import cannot be undone with the edit, P7). */
  private async ensureBin(project: Project): Promise<ProjectItem> {
    const first = await this.findBin(project);
    if (first.bin) return first.bin;
    project.lockedAccess(() => {
      const action = first.root.createBinAction(this.binName, false);
      project.executeTransaction((compound) => {
        compound.addAction(action);
      }, `Create ${this.binName} bin`);
    });
    const second = await this.findBin(project);
    if (!second.bin) throw new HostError('HOST_IMPORT_FAILED', `Could not create the "${this.binName}" bin in the project.`);
    return second.bin;
  }

  private async findImportedByPath(bin: ProjectItem): Promise<Map<string, ProjectItem>> {
    const byPath = new Map<string, ProjectItem>();
    for (const projectItem of await this.ppro.FolderItem.cast(bin).getItems()) {
      if (projectItem.type !== this.ppro.ProjectItem.TYPE_CLIP) continue;
      const path = await this.ppro.ClipProjectItem.cast(projectItem).getMediaFilePath();
      // later items win: a re-import of the same path is the fresh one
      if (path) byPath.set(normalizeMediaPath(path), projectItem);
    }
    return byPath;
  }

  /** The audio track named like the preset's target, else the one this panel created, else a new one. */
  private async resolveTargetTrack(sequence: Sequence, trackName: string): Promise<{ trackIndex: number; createdTrack: boolean }> {
    const count = await sequence.getAudioTrackCount();
    for (let index = 0; index < count; index++) {
      if ((await sequence.getAudioTrack(index)).name === trackName) return { trackIndex: index, createdTrack: false };
    }
    const remembered = this.createdTracks.get(sequence.guid.toString());
    if (remembered !== undefined && remembered < count) return { trackIndex: remembered, createdTrack: false };
    return { trackIndex: count, createdTrack: true };
  }

  /** Re-reads the target track: an overwrite to a bad index can report success and place nothing (P5). */
  private async readBack(
    sequence: Sequence,
    trackIndex: number,
    fps: FrameRate,
    placeable: ReadonlyArray<{ key: string; filePath: string; projectItem: ProjectItem; ticks: string }>,
    failed: PlacementFailure[],
  ): Promise<PlacedItem[]> {
    const halfFrame = ticksPerFrame(fps) / 2n;
    const landed: Array<{ projectItemId: string; ticks: bigint }> = [];
    if (trackIndex < (await sequence.getAudioTrackCount())) {
      const track = await sequence.getAudioTrack(trackIndex);
      for (const item of track.getTrackItems(this.ppro.Constants.TrackItemType.CLIP, false)) {
        landed.push({ projectItemId: (await item.getProjectItem()).getId(), ticks: BigInt((await item.getStartTime()).ticks) });
      }
    }
    const placed: PlacedItem[] = [];
    for (const p of placeable) {
      const expected = BigInt(p.ticks);
      const hit = landed.find((l) => {
        const diff = l.ticks - expected;
        return l.projectItemId === p.projectItem.getId() && (diff < 0n ? -diff : diff) <= halfFrame;
      });
      if (hit) placed.push({ key: p.key, filePath: p.filePath, trackIndex, startSec: ticksToSeconds(hit.ticks.toString()) });
      else failed.push({ key: p.key, filePath: p.filePath, reason: `did not land on audio track A${trackIndex + 1} at ${ticksToSeconds(p.ticks).toFixed(3)} s` });
    }
    return placed;
  }
}
