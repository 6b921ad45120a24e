import cliProgress from 'cli-progress';
import { formatBytes } from '../shared/bytes.ts';
import type { IngestProgress } from '../shared/types.ts';

/** The ingest progress bar on stderr: one step per source, and bytes read within a big JSON Lines file. */
export function ingestProgressBar(): { onProgress: (p: IngestProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    { format: 'Ingesting [{bar}] {value}/{total} {source}', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const onProgress = (p: IngestProgress) => {
    // One small source needs no bar; one big file read in parts does, or it looks frozen.
    if (p.total < 2 && !p.bytes) return;
    if (!started) {
      bar.start(p.total, 0, { source: '' });
      started = true;
    }
    const name = p.source.length > 40 ? `…${p.source.slice(-39)}` : p.source;
    const within = p.bytes ? ` ${formatBytes(p.bytes.done)} of ${formatBytes(p.bytes.total)}` : '';
    bar.update(p.done, { source: name + within });
  };
  return { onProgress, stop: () => started && bar.stop() };
}
