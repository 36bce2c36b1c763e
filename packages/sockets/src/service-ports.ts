/**
 * Ports of the service names ss, netstat and lsof print without -n (from /etc/services as Debian and the BSDs ship
 * it; only names in common use). A pure table: the parsers never read the file, so a name missing here leaves
 * its row as a warning, never a guessed port.
 */
const SERVICE_PORTS: Readonly<Record<string, number>> = {
  'ftp-data': 20,
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  gopher: 70,
  http: 80,
  www: 80,
  kerberos: 88,
  pop3: 110,
  sunrpc: 111,
  auth: 113,
  nntp: 119,
  ntp: 123,
  'netbios-ssn': 139,
  imap: 143,
  imap2: 143,
  snmp: 161,
  bgp: 179,
  ldap: 389,
  https: 443,
  'microsoft-ds': 445,
  submissions: 465,
  urd: 465,
  printer: 515,
  submission: 587,
  ipp: 631,
  ldaps: 636,
  'domain-s': 853,
  rsync: 873,
  imaps: 993,
  pop3s: 995,
  socks: 1080,
  openvpn: 1194,
  'ms-sql-s': 1433,
  nfs: 2049,
  mysql: 3306,
  'ms-wbt-server': 3389,
  postgresql: 5432,
  amqp: 5672,
  x11: 6000,
  'http-alt': 8080,
  webcache: 8080,
};

/** The port of a service name as the tools print it ("smtp" → 25); `undefined` for a name not in the table. */
export function portOfService(name: string): number | undefined {
  return Object.hasOwn(SERVICE_PORTS, name) ? SERVICE_PORTS[name] : undefined;
}
