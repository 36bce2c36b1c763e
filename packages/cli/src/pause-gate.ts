import type { CommandResult, CommandRunner, CommandSpec, RunningCommand } from '@netcheck/core';

/** A runner whose new commands wait while it is paused (mtr's p): probing stops, the counts carry on after. */
export interface PauseGate {
  runner: CommandRunner;
  readonly paused: boolean;
  pause(): void;
  resume(): void;
}

const aborted = (spec: CommandSpec, detail: string): CommandResult => ({
  ...{ command: spec.command, args: spec.args, exitCode: undefined, signal: undefined },
  ...{ stdout: '', stderr: '', durationMs: 0, failure: { reason: 'aborted', detail } },
});

/**
 * Wrap `inner`: while paused, a command started is held before it is spawned (commands already running finish),
 * and spawned on resume; killing it, or its signal, while held ends it as aborted without spawning anything.
 */
export function makePauseGate(inner: CommandRunner): PauseGate {
  let opened: (() => void) | undefined;
  let gate: Promise<void> = Promise.resolve();
  const held = (spec: CommandSpec): RunningCommand => {
    let real: RunningCommand | undefined;
    let cancel: () => void = () => undefined;
    const cancelled = new Promise<'cancelled'>((r) => {
      cancel = () => r('cancelled');
    });
    spec.signal?.addEventListener('abort', () => cancel(), { once: true });
    const started = Promise.race([gate.then(() => 'open' as const), cancelled]).then((how) => {
      if (how === 'cancelled' || spec.signal?.aborted) return undefined;
      real = inner.start(spec);
      return real;
    });
    return {
      result: started.then((r) => r?.result ?? aborted(spec, `${spec.command} cancelled while probing was paused`)),
      kill() {
        cancel();
        real?.kill();
      },
      async *[Symbol.asyncIterator]() {
        const r = await started;
        if (r) yield* r;
      },
    };
  };
  return {
    runner: { start: (spec) => (opened ? held(spec) : inner.start(spec)) },
    get paused() {
      return opened !== undefined;
    },
    pause() {
      if (opened) return;
      gate = new Promise<void>((r) => {
        opened = r;
      });
    },
    resume() {
      const open = opened;
      opened = undefined;
      open?.();
    },
  };
}
