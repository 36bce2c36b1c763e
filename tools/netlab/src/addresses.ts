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
  /** Bytes of the body the port-80 service sends for an HTTP GET (the headers come first, in their own send). */
  httpBodyBytes: 65_536,
  /** aaaa-only: a DNS proxy in front of 10.0.4.2 that answers NXDOMAIN to an A question for an AAAA-only name. */
  aaaaRewriter: '10.0.4.5',
  /** A name with only an AAAA record (fd0c:4::2), in every scenario's zone. */
  v6OnlyName: 'v6only.lab',
  /** pmtu-blackhole: the MTU of the r2-r3 link, beyond which packets vanish silently. */
  blackholeMtu: 1280,
  /** The same lab over IPv6: link N (client-r1 = 1 ... r3-server = 4) is fd0c:N::/64, the side nearer the client ::1. */
  v6: {
    client: 'fd0c:1::2',
    r1: { client: 'fd0c:1::1', r2: 'fd0c:2::1' },
    r2: { r1: 'fd0c:2::2', r3: 'fd0c:3::1' },
    r3: { r2: 'fd0c:3::2', server: 'fd0c:4::1' },
    server: 'fd0c:4::2',
    /** The hops of a traceroute -6 to the server, in order. */
    path: ['fd0c:1::1', 'fd0c:2::2', 'fd0c:3::2', 'fd0c:4::2'],
    /** More server addresses, beside 10.0.4.3 and 10.0.4.4 (nothing special listens on them). */
    serverExtra: ['fd0c:4::3', 'fd0c:4::4'],
    /** r3 has `unreachable` for it: ICMPv6 no-route (traceroute !N) from fd0c:3::2. */
    unreachable: 'fd0c:5::1',
    /** r3 has `prohibit` for it: ICMPv6 administratively prohibited (!X) from fd0c:3::2. */
    prohibited: 'fd0c:5::2',
    /** r3 has `blackhole` for it: silence from hop 3 on. */
    blackhole: 'fd0c:5::3',
  },
} as const;
