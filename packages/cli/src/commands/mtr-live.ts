import type { HopNames, PathpingReport, PathpingRun, RoundEvent } from '@netcheck/pathping';
import type { LiveState } from '../render/mtr-live.js';
import { applyLiveKey, renderLiveScreen } from '../render/mtr-live.js';
import type { PauseGate } from '../pause-gate.js';
import type { Style } from '../style.js';

/** The terminal the live view draws on and reads keys from; injected so a test can stand in for it. */
export interface LiveTerminal {
  size(): { columns: number; rows: number };
  write(text: string): void;
  /** Deliver typed keys (raw mode, so they never reach the shell); returns what restores the terminal. */
  onKeys(cb: (keys: string) => void): () => void;
  onResize(cb: () => void): () => void;
}

/** The process's terminal: keys from stdin in raw mode when stdin is a terminal, the size from stdout. */
export function processTerminal(): LiveTerminal {
  const { stdin, stdout } = process;
  return {
    size: () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 }),
    write: (t) => void stdout.write(t),
    onKeys(cb) {
      if (!stdin.isTTY) return () => undefined;
      const onData = (d: Buffer | string) => cb(d.toString());
      // An exit that skips the view's own cleanup (process.exit elsewhere) still gives the shell its terminal back.
      const restore = () => {
        stdin.setRawMode(false);
        stdout.write(LEAVE);
      };
      process.once('exit', restore);
      stdin.setRawMode(true);
      stdin.on('data', onData).resume();
      return () => {
        process.off('exit', restore);
        stdin.off('data', onData);
        stdin.setRawMode(false);
        stdin.pause();
      };
    },
    onResize(cb) {
      stdout.on('resize', cb);
      return () => void stdout.off('resize', cb);
    },
  };
}

/** What the live view needs. `start` begins a run (again after r); `signal` is the command's (Ctrl-C, SIGTERM). */
export interface LiveMtr {
  start(signal: AbortSignal): PathpingRun;
  target: string;
  state: LiveState;
  names: HopNames;
  term: LiveTerminal;
  style: Style;
  signal: AbortSignal;
  /** The gate of the runner `start` uses: p pauses probing itself, not only the display. */
  gate?: PauseGate;
}

const addressesOf = (e: RoundEvent) => e.hops.flatMap((h) => h.responders.map((r) => r.address));

const ENTER = '\u001b[?1049h\u001b[?25l';
const LEAVE = '\u001b[?25h\u001b[?1049l';

/**
 * mtr's live view: on the alternate screen, redrawn from its top left corner after every round, key and
 * resize (each line one screen row, see renderLiveScreen), until q (or the run's own end with -c). r starts
 * the counts again (a new run); p pauses probing (through `gate`) and holds the display. Returns the last run's report
 * and the view as left.
 */
export async function runLiveMtr(o: LiveMtr): Promise<{ report: PathpingReport; state: LiveState }> {
  let state = o.state;
  let shown: RoundEvent | undefined;
  let current = new AbortController();
  const draw = () => {
    const lines = renderLiveScreen(state, o.target, shown, o.term.size(), o.style);
    o.term.write(`\u001b[H${lines.map((l) => `${l}\u001b[K`).join('\r\n')}\u001b[J`);
  };
  const stopKeys = o.term.onKeys((keys) => {
    for (const k of keys) state = applyLiveKey(state, k);
    if (state.paused) o.gate?.pause();
    else o.gate?.resume();
    if (state.action) current.abort();
    draw();
  });
  const stopResize = o.term.onResize(draw);
  const tick = setInterval(draw, 1000);
  o.term.write(ENTER);
  try {
    for (;;) {
      current = new AbortController();
      const run = o.start(AbortSignal.any([o.signal, current.signal]));
      draw();
      for await (const e of run) {
        // Names only while they are shown (mtr -n sends no DNS query until n asks for names).
        if (state.view.hosts !== 'numbers' || state.view.asn) o.names.request(addressesOf(e));
        if (!state.paused) shown = e;
        draw();
      }
      const report = await run.result;
      if (state.action !== 'reset' || o.signal.aborted) return { report, state };
      state = { ...state, action: undefined };
      shown = undefined;
    }
  } finally {
    o.gate?.resume();
    clearInterval(tick);
    stopResize();
    stopKeys();
    o.term.write(LEAVE);
  }
}
