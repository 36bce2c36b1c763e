/** The lab's addresses, as every scenario builds them (see scenarios/standard.json). */
export const LAB_ADDR = {
  client: '10.0.1.2',
  r1: { client: '10.0.1.1', r2: '10.0.2.1' },
  r2: { r1: '10.0.2.2', r3: '10.0.3.1' },
  r3: { r2: '10.0.3.2', server: '10.0.4.1' },
  server: '10.0.4.2',
  /** Where ICMP from each router comes from as seen by the client: the hops of a traceroute to the server, in order. */
  path: ['10.0.1.1', '10.0.2.2', '10.0.3.2', '10.0.4.2'],
  /** Port 53 dropped: a resolver that times out. */
  deadResolver: '10.0.4.3',
  /** dnsmasq that lies: web.lab is 10.0.4.66 and any unknown name is 10.0.4.99. */
  liarResolver: '10.0.4.4',
  /** r3 has `unreachable` for it: "Destination Host Unreachable" / !H from 10.0.3.2. */
  unreachable: '10.0.5.1',
  /** r3 has `prohibit` for it: "Packet filtered" / !X from 10.0.3.2. */
  prohibited: '10.0.5.2',
  /** r3 has `blackhole` for it: r3 drops probes before their TTL is looked at, so hop 3 and beyond are silent; r2 (10.0.2.2) is the last to answer. */
  blackhole: '10.0.5.3',
  ports: { open: 80, closed: 81, filtered: 82, prohibited: 83 },
} as const;
