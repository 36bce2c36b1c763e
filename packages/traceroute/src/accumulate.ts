import type { ProbeFailure } from '@netcheck/core';
import { mergeHop } from './hop.js';
import { lineParserFor } from './parse-line.js';
import type { Hop, TraceTool } from './types.js';

/** Everything read from one trace's output. */
export interface TraceParse {
  target: string | undefined;
  address: string | undefined;
  maxHops: number | undefined;
  hops: Hop[];
  failure: ProbeFailure | undefined;
  warnings: string[];
}

/** An indented line that starts with a name or an address, not a TTL nor BSD's MPLS extension. */
const CONTINUATION = /^\s+(?!MPLS Label=)(?!\d+\s)\S+ /;

/**
 * Stateful reader of a trace's lines. Linux traceroute prints each hop once,
 * complete, so it is released at once (streaming without delay). tracepath
 * prints a TTL on several lines, so a hop is released when the next TTL
 * starts or the output ends (`flush`). BSD MPLS lines amend the hop before.
 */
export function makeTraceAccumulator(tool: TraceTool) {
  const parse = lineParserFor(tool);
  const result: TraceParse = {
    target: undefined,
    address: undefined,
    maxHops: undefined,
    hops: [],
    failure: undefined,
    warnings: [],
  };
  const holdsHops = tool === 'tracepath';
  const continues = tool === 'traceroute' || tool === 'bsd-traceroute';
  let pending: Hop | undefined;
  const release = (): Hop[] => {
    if (!pending) return [];
    const h = pending;
    pending = undefined;
    result.hops.push(h);
    return [h];
  };
  return {
    /** Read one line; returns the hops it completed (usually zero or one). */
    add(line: string): Hop[] {
      const last = result.hops.at(-1);
      if (continues && last && CONTINUATION.test(line)) {
        // BSD: another router answering the same TTL, on its own line; its probes join the hop already released.
        const more = parse(`${last.ttl} ${line.trim()}`);
        if (more.kind === 'hop') {
          Object.assign(last, mergeHop(last, more.hop));
          return [];
        }
      }
      const r = parse(line);
      switch (r.kind) {
        case 'header':
          result.target = r.target;
          result.address ??= r.address;
          result.maxHops = r.maxHops;
          return [];
        case 'hop': {
          if (r.reached) result.address ??= r.hop.responders[0]?.address;
          if (!holdsHops) {
            result.hops.push(r.hop);
            return [r.hop];
          }
          if (pending && pending.ttl === r.hop.ttl) {
            pending = mergeHop(pending, r.hop);
            return [];
          }
          const done = release();
          pending = r.hop;
          return done;
        }
        case 'mpls': {
          const last = result.hops.at(-1);
          if (last) last.mpls.push(...r.labels);
          else result.warnings.push(line);
          return [];
        }
        case 'end':
          return release();
        case 'failure':
          result.failure ??= r.failure;
          return [];
        case 'unrecognised':
          result.warnings.push(r.line);
          return [];
        case 'ignored':
          return [];
      }
    },
    /** End of output: release a hop still held. */
    flush(): Hop[] {
      return release();
    },
    result(): TraceParse {
      return result;
    },
  };
}

/** Parse a whole captured output (a fixture, or a finished run). */
export function parseTraceOutput(text: string, tool: TraceTool): TraceParse {
  const acc = makeTraceAccumulator(tool);
  for (const line of text.split('\n')) if (!line.startsWith('# ')) acc.add(line.replace(/\r$/, ''));
  acc.flush();
  return acc.result();
}
