/** Progress of one model file being downloaded, as the embedder reports it. */
export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
}

export type DownloadProgressListener = (p: DownloadProgress) => void;

/**
 * Calls `report` with a file's whole percentage when it first appears, whenever it has grown by
 * `step` points and once at 100. A file whose first report is already 100% was read whole from the
 * cache, which is not a download, so it is not reported at all.
 */
export function downloadSteps(step: number, report: (file: string, percent: number) => void): DownloadProgressListener {
  const reported = new Map<string, number>();
  return ({ file, loaded, total }) => {
    const percent = total ? Math.floor((loaded / total) * 100) : 0;
    const last = reported.get(file);
    if (last === undefined && percent >= 100) return;
    if (last === undefined || percent >= last + step || (percent === 100 && last < 100)) {
      reported.set(file, percent);
      report(file, percent);
    }
  };
}
