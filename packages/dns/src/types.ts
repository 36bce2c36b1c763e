/** One resource record, with its data rendered the way dig prints it. */
export interface DnsRecord {
  name: string;
  type: string;
  ttl: number;
  /** dig-style text: "10.0.4.2", "10 mail.lab.", "\"v=spf1 -all\"". */
  data: string;
}

export interface DnsFlags {
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  ad: boolean;
  cd: boolean;
}

/** A response that passed validation. */
export interface DnsResponse {
  id: number;
  /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ... */
  rcode: string;
  flags: DnsFlags;
  question: { name: string; type: string };
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
  /** The EDNS buffer size the server advertised; `undefined` without EDNS. */
  ednsUdpSize: number | undefined;
  sizeBytes: number;
}

/** How a query went: a response, or why there was none. Never thrown. */
export type QueryResult =
  | {
      ok: true;
      /** The server as given: an address, or a name resolved before asking. */
      server: string;
      /** The address that answered (the server's own when it was given as an address). */
      address: string;
      port: number;
      transport: 'udp' | 'tcp';
      /** The UDP answer was truncated (TC) and the query was repeated over TCP. */
      retriedOverTcp: boolean;
      response: DnsResponse;
      rttMs: number;
      tries: number;
      /**
       * Packets that arrived for this query but were not accepted (wrong ID, question or sender, or undecodable):
       * the first 64, then one entry `{ from: 'more', why: 'N more packets rejected, not listed' }`.
       */
      rejected: RejectedPacket[];
    }
  | {
      ok: false;
      server: string;
      /** The address asked last; `undefined` when a server name did not resolve. */
      address?: string;
      port: number;
      /**
       * `malformed`: the server's answer (our ID and question) carries a record that breaks the format
       * (an A record of 3 bytes, an rdlength past the packet's end...): a broken server or middlebox, never data.
       */
      reason: 'timeout' | 'refused' | 'unreachable' | 'aborted' | 'malformed' | 'error';
      detail: string;
      tries: number;
      rejected: RejectedPacket[];
    };

/** A packet that was ignored, and why. */
export interface RejectedPacket {
  from: string;
  why: string;
}
