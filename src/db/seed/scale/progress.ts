/** Where progress goes: stderr in the CLI, so stdout keeps only the result. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressBar {
  /** Reports that `done` of the total units are finished. */
  update(done: number): void;
  /** Ends the bar's line. */
  finish(): void;
}

const barWidth = 30;

/** `[##########....................] 350000/1000000 products  12.3 s` */
export function renderProgress(done: number, total: number, unit: string, elapsedMs: number): string {
  const filled = total === 0 ? barWidth : Math.round((barWidth * Math.min(done, total)) / total);
  const bar = "#".repeat(filled) + ".".repeat(barWidth - filled);
  return `[${bar}] ${done}/${total} ${unit}  ${(elapsedMs / 1000).toFixed(1)} s`;
}

/**
 * A one-line progress bar, redrawn in place with `\r` on a terminal. Piped into a file or
 * a CI log, where `\r` does not rewind, it prints a line per tenth of the work instead.
 */
export function createProgressBar(stream: ProgressStream, total: number, unit: string): ProgressBar {
  const startedAt = performance.now();
  const interactive = stream.isTTY === true;
  let lastTenth = -1;
  const draw = (done: number): void => {
    const line = renderProgress(done, total, unit, performance.now() - startedAt);
    if (interactive) {
      stream.write(`\r${line}`);
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((10 * done) / total);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      stream.write(`${line}\n`);
    }
  };
  draw(0);
  return {
    update: draw,
    finish() {
      if (interactive) stream.write("\n");
    },
  };
}
