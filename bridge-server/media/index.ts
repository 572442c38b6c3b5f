/**
 * The media module: the only place that runs ffmpeg/ffprobe or reads and writes audio files.
 * fluent-ffmpeg is used for command-style jobs (preview muxing); streaming and probing use our own
 * spawn choke point (`spawn.ts`) so backpressure and side data (rotation) are under our control.
 */
export { resolveBinaries, resetBinaryCache, type FfmpegBinaries } from './binaries';
export { probeMedia, probeVideo, assertMediaFile, type MediaProbe, type VideoStreamInfo, type AudioStreamInfo } from './probe';
export { resolveRange, type SourceRange } from './range';
export { streamFrames, buildFrameArgs, analysisSize, type VideoFrame, type FrameStreamOptions, type FramePixelFormat } from './frames';
export { readPcm, decodeAudioFile, buildPcmArgs } from './pcm';
export { muxPreview, type PreviewOptions } from './preview';
export { encodeFrames, buildEncodeArgs, type EncodeOptions, type VideoCodec } from './encode';
export { writeWav, writeWavAsync, encodeWav, readWav, loudnessWord, readLoudnessWord, type BextInfo, type WavBitDepth, type ReadWavResult } from './bwf';
export { writeWavBatch, type WavJob } from './wavBatch';
export { runFfmpeg, runTool, spawnTool } from './spawn';
