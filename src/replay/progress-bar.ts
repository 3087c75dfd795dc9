/** One progress line: bar by bytes read, counts of items replayed and records written. */
export function renderProgress(bytesDone: number, bytesTotal: number, replayed: number, written: number, width = 30): string {
  const fraction = bytesTotal > 0 ? Math.min(1, bytesDone / bytesTotal) : 1;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${replayed} items replayed, ${written} records written`;
}
