import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { makeSocketAggregator, makeStateCounter } from './aggregate.js';
import { makeProcTcpScanner } from './parse-proc-net-tcp.js';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

/**
 * A /proc/net/tcp of `n` ESTABLISHED and TIME_WAIT sockets toward 4 listeners, in the kernel's fixed layout, as
 * chunks.
 */
function* syntheticTable(n: number): Generator<Buffer> {
  const hex = (v: number, w: number) => v.toString(16).toUpperCase().padStart(w, '0');
  yield Buffer.from(
    `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout ` +
      `inode${' '.repeat(51)}\n`,
  );
  let chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    const state = i % 5 === 0 ? '06' : '01';
    const line =
      `${String(i).padStart(4)}: 0100007F:${hex(32768 + (i % 28000), 4)} ` +
      `0100007F:${hex(8000 + (i % 4), 4)} ${state} 00000000:00000000 00:00000000 00000000     0        0 ` +
      `${state === '06' ? 0 : 100000 + i} 1 0000000000000000 20 4 0 10 -1`;
    chunk.push(line.padEnd(149));
    if (chunk.length === 2000) {
      yield Buffer.from(`${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length) yield Buffer.from(`${chunk.join('\n')}\n`);
}

function retainedBytes(run: () => unknown): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = run();
  gc();
  const after = process.memoryUsage().heapUsed;
  expect(kept).toBeDefined();
  return after - before;
}

describe('memory: no object per socket', () => {
  const N = 200_000;

  it('counting 200,000 sockets keeps (almost) nothing', () => {
    let counter: ReturnType<typeof makeStateCounter> | undefined;
    const bytes = retainedBytes(() => {
      counter = makeStateCounter();
      const sc = makeProcTcpScanner(4, { state: counter.state });
      for (const c of syntheticTable(N)) sc.write(c);
      sc.end();
      return counter;
    });
    expect(counter!.total).toBe(N);
    expect(counter!.counts()).toMatchObject({ ESTABLISHED: 160_000, TIME_WAIT: 40_000 });
    // an object per socket would be tens of megabytes
    expect(bytes).toBeLessThan(1_000_000);
  });

  it('the breakdowns grow with distinct ports and peers, not with sockets', () => {
    let agg: ReturnType<typeof makeSocketAggregator> | undefined;
    const bytes = retainedBytes(() => {
      agg = makeSocketAggregator({ ephemeralRange: [32768, 60999] });
      const sc = makeProcTcpScanner(4, { row: (r) => agg!.add(r) });
      for (const c of syntheticTable(N)) sc.write(c);
      sc.end();
      return agg;
    });
    const t = agg!.result();
    expect(t.total).toBe(N);
    expect(t.destinations).toHaveLength(4);
    // the flat per-port array (65,536 ports x 11 states x 4 bytes = 2.9 MB) and a few maps
    expect(bytes).toBeLessThan(4_500_000);
  });
});
