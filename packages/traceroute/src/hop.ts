import type { Annotation, Hop, MplsLabel, Probe, Responder } from './types.js';

/** A hop from its probes: distinct responders in order, ECMP when there are several, silent when none answered. */
export function makeHop(ttl: number, probes: Probe[], mpls: MplsLabel[] = []): Hop {
  const responders: Responder[] = [];
  const annotations: Annotation[] = [];
  for (const p of probes) {
    if (p.address !== undefined) {
      let r = responders.find((x) => x.address === p.address);
      if (!r) responders.push((r = { address: p.address, name: p.name, rttsMs: [] }));
      if (p.rttMs !== undefined) r.rttsMs.push(p.rttMs);
      r.name ??= p.name;
    }
    const annotation = p.annotation;
    if (annotation && !annotations.some((a) => a.code === annotation.code)) annotations.push(annotation);
  }
  return { ttl, probes, responders, ecmp: responders.length > 1, silent: responders.length === 0, mpls, annotations };
}

/** Add more probes (and labels) seen for the same TTL on a later line (tracepath prints a TTL more than once). */
export function mergeHop(a: Hop, b: Hop): Hop {
  return makeHop(a.ttl, [...a.probes, ...b.probes], [...a.mpls, ...b.mpls]);
}
