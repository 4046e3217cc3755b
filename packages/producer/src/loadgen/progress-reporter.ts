import type { SendProgress } from './send-paced';

/**
 * Shows a run's progress: a redrawn bar with rate and totals on a terminal,
 * a plain line every few seconds otherwise (logs, CI).
 */
export function progressReporter(stream: NodeJS.WritableStream & { isTTY?: boolean }, intervalMs = 2_000): {
  update(progress: SendProgress): void;
  done(progress: SendProgress): void;
} {
  let lastDraw = -Infinity;
  const line = ({ sent, total, elapsedMs, retries }: SendProgress) => {
    const rate = elapsedMs > 0 ? Math.round((sent / elapsedMs) * 1000) : 0;
    return `${sent}/${total} events, ${rate} ev/s, ${(elapsedMs / 1000).toFixed(1)}s, ${retries} retries after 503`;
  };
  return {
    update(progress) {
      const tty = stream.isTTY === true;
      if (progress.elapsedMs - lastDraw < (tty ? 100 : intervalMs)) return;
      lastDraw = progress.elapsedMs;
      if (tty) {
        const width = 30;
        const filled = Math.round((progress.sent / Math.max(1, progress.total)) * width);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(progress)}\x1b[K`);
      } else {
        stream.write(`loadgen: ${line(progress)}\n`);
      }
    },
    done(progress) {
      stream.write(`${stream.isTTY === true ? '\r\x1b[K' : ''}loadgen: done, ${line(progress)}\n`);
    },
  };
}
