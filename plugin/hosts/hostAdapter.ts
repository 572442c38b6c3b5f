/**
 * The one interface between the panel and an editing host (Premiere Pro, the browser simulation, later
 * DaVinci Resolve). Everything crossing it is in seconds from the sequence's zero with the sequence's
 * exact frame rate: each adapter converts host time (ticks, frames) once, at its edge.
 *
 * Designed for the weakest host too (host-apis.md §3): Resolve has frame-based time, no undo grouping
 * and no selection API, so `capabilities` says what a host can do and the UI adapts (e.g. no "selected
 * clips" button without `selection`; placement reports rollbacks instead of one undo step).
 */
import type { FrameRate } from '../time/frameRate';

export type HostKind = 'premiere' | 'browser' | 'resolve';

export interface HostCapabilities {
  /** the host can report the clips the editor selected on the timeline */
  selection: boolean;
  /** one placement = one undo step in the host */
  undoGrouping: boolean;
  /** the unit the host counts time in (for messages and docs; conversions stay inside the adapter) */
  timeUnit: 'ticks' | 'frames';
}

export interface SequenceInfo {
  id: string;
  name: string;
  fps: FrameRate;
  /** SMPTE timecode of the sequence's zero, when the host tells us (bext TimeReference) */
  startTimecode?: string;
}

/** A clip on the timeline, as the pipeline needs it. */
export interface HostClip {
  /** stable within the session: used to match results back to clips */
  id: string;
  name: string;
  /** absolute path of the source media */
  mediaPath: string;
  /** source range in seconds from the start of the media */
  sourceInSec: number;
  sourceOutSec: number;
  /** where the clip sits on the timeline, seconds from the sequence's zero */
  timelineStartSec: number;
  timelineEndSec: number;
  /** 0-based video (or audio, for audio-only clips) track index */
  trackIndex: number;
}

export interface HostMarker {
  id: string;
  name: string;
  comments: string;
  /** seconds from the sequence's zero */
  startSec: number;
  durationSec: number;
  /** host colour index (Premiere 0..7, Resolve colour names mapped to the same table) */
  colorIndex: number;
  colorName: MarkerColorName;
}

export const MARKER_COLOR_NAMES = Object.freeze([
  'green',
  'red',
  'purple',
  'orange',
  'yellow',
  'white',
  'blue',
  'cyan',
] as const);
export type MarkerColorName = (typeof MARKER_COLOR_NAMES)[number] | 'unknown';

/** One generated file to put on the timeline. */
export interface PlacementItem {
  /** caller's key (job id), echoed in the report */
  key: string;
  /** absolute path of the WAV to import */
  filePath: string;
  /** seconds from the sequence's zero where the file's first sample lands */
  timelineStartSec: number;
  /** length of the file, when known (hosts that cannot read the file use it to draw the item) */
  durationSec?: number;
}

export interface PlacementRequest {
  items: PlacementItem[];
  /** name of the audio track to place on; created when missing */
  trackName: string;
  /** label of the undo step (hosts with undo grouping) */
  undoLabel: string;
}

export interface PlacedItem {
  key: string;
  filePath: string;
  trackIndex: number;
  /** where the host says the item landed (read back), seconds */
  startSec: number;
}

export interface PlacementFailure {
  key: string;
  filePath: string;
  reason: string;
}

export interface PlacementReport {
  placed: PlacedItem[];
  failed: PlacementFailure[];
  /** index of the track the items went to */
  trackIndex: number;
  /** true when the adapter had to create the track */
  createdTrack: boolean;
}

export interface HostAdapter {
  readonly kind: HostKind;
  readonly capabilities: HostCapabilities;
  /** stable id of the open project (presets are stored per project) */
  getProjectId(): Promise<string>;
  /** the active sequence, or null when none is open */
  getSequence(): Promise<SequenceInfo | null>;
  /** selected clips, linked audio/video deduplicated; [] when the host has no selection API */
  getSelectedClips(): Promise<HostClip[]>;
  /** the active sequence's markers in time order */
  getMarkers(): Promise<HostMarker[]>;
  /** the clip on a video track that covers `sec`, for marker batches (the marker's picture) */
  getClipAt(sec: number): Promise<HostClip | null>;
  /** imports and places every item as one step; reads the placement back and reports what did not land */
  placeResults(request: PlacementRequest): Promise<PlacementReport>;
  /** called when the selection changes (hosts that can tell); returns an unsubscribe function */
  onSelectionChanged?(listener: () => void): () => void;
}

/** A host-side failure with a stable code, shown to the editor as `code: message`. */
export class HostError extends Error {
  constructor(
    readonly code: 'HOST_NO_PROJECT' | 'HOST_NO_SEQUENCE' | 'HOST_IMPORT_FAILED' | 'HOST_PLACEMENT_FAILED' | 'HOST_UNSUPPORTED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HostError';
  }
}
