import type { CliIo } from './context.js';

const FRAMES = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
const CLEAR_LINE = '\r\u001b[K';

/** What runs now, and the lines of what has finished. */
export interface LiveSteps {
  started(id: string, label: string): void;
  /** Print a finished step's line (over the spinner, when there is one). */
  finished(id: string, line: string): void;
  /** Stop the spinner and clear its line. */
  stop(): void;
}

/**
 * Finished steps as lines; on a TTY (`spinner`), a spinner below them naming the steps still running, redrawn every
 * 80 ms in place.
 */
export function startLiveSteps(io: CliIo, spinner: boolean): LiveSteps {
  const running = new Map<string, string>();
  let tick = 0;
  const timer = spinner
    ? setInterval(() => {
        if (running.size) io.out(`${CLEAR_LINE}${FRAMES[tick++ % FRAMES.length]} ${[...running.values()].join(', ')}`);
      }, 80)
    : undefined;
  return {
    started: (id, label) => void running.set(id, label),
    finished(id, line) {
      running.delete(id);
      io.out(`${spinner ? CLEAR_LINE : ''}${line}\n`);
    },
    stop() {
      if (timer) clearInterval(timer);
      if (spinner) io.out(CLEAR_LINE);
    },
  };
}
