/**
 * What the server answers for a signal or tactile window (docs/formats/media-api.md): at most `MAX_COLUMNS` pixel
 * columns (SignalReader.MAX_COLUMNS), and a worst-case answer of `2·width·(16 + 8·channels)` bytes no larger than
 * `MAX_WINDOW_BYTES` (MediaController.MAX_WINDOW_BYTES). A request beyond either is refused with 400.
 */
export const MAX_COLUMNS = 65536;
export const MAX_WINDOW_BYTES = 32 * 1024 * 1024;

/**
 * The widest window the server answers for this many channels. For 80 taxels (five 4×4 pads) that is 25575
 * columns: 2 · 25575 · (16 + 8 · 80) = 33 554 400 bytes, just under 32 MiB; 65536 columns would need 86 MB.
 */
export function maxWindowWidth(channels: number): number {
  const perColumn = 2 * (16 + 8 * Math.max(1, Math.floor(channels)));
  return Math.max(1, Math.min(MAX_COLUMNS, Math.floor(MAX_WINDOW_BYTES / perColumn)));
}
