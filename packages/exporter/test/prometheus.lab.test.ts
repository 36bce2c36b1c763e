import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI_BIN } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { afterAll, beforeAll, expect, it } from 'vitest';

// A real Prometheus (Debian's) in the client namespace scrapes `netcheck serve` there, with scrape configs in the
// blackbox style; the test then asks Prometheus' HTTP API. Scenario lossy: 10% loss on r2 -> r3, every router
// rate-limits the ICMP it sends.
const EXPORTER = '127.0.0.1:9469';
const PROMETHEUS = '127.0.0.1:9090';

function job(name: string, module: string, targets: string[], interval: string, timeout: string): string {
  return `  - job_name: ${name}
    metrics_path: /probe
    scrape_interval: ${interval}
    scrape_timeout: ${timeout}
    params:
      module: [${module}]
    static_configs:
      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: ${EXPORTER}
`;
}

const CONFIG = `global:
  scrape_interval: 2s
  scrape_timeout: 2s
scrape_configs:
${job('netcheck_tcp', 'tcp', ['10.0.4.2:80', '10.0.4.2:81'], '2s', '2s')}${job('netcheck_icmp', 'icmp', ['10.0.4.2'], '2s', '2s')}${job('netcheck_path', 'path', ['10.0.4.2'], '10s', '9s')}${job('netcheck_diagnose', 'diagnose', ['web.lab:80'], '15s', '14s')}${job('netcheck_dns', 'dns', ['web.lab'], '5s', '4s')}  - job_name: netcheck_exporter
    static_configs:
      - targets: ['${EXPORTER}']
`;

interface Series {
  metric: Record<string, string>;
  value: [number, string];
}

const DASHBOARD = JSON.parse(readFileSync(new URL('../grafana/netcheck-dashboard.json', import.meta.url), 'utf8')) as {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
};

describeLab('netcheck serve scraped by Prometheus', { scenario: 'lossy' }, (lab) => {
  let dir: string;

  /** One instant query, asked from inside the client namespace (Prometheus listens on its loopback). */
  async function query(promql: string): Promise<Series[]> {
    const url = `http://${PROMETHEUS}/api/v1/query?query=${encodeURIComponent(promql)}`;
    const r = await lab().nodeScript(
      'client',
      `const r = await fetch(${JSON.stringify(url)}); process.stdout.write(await r.text());`,
      { timeoutMs: 10_000 },
    );
    const body = JSON.parse(r.stdout) as { status: string; data: { result: Series[] }; error?: string };
    if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
    return body.data.result;
  }
  const value = (s: Series[] | undefined, labels: Record<string, string>) =>
    s?.find((x) => Object.entries(labels).every(([k, v]) => x.metric[k] === v))?.value[1];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'netcheck-prom-'));
    writeFileSync(join(dir, 'prometheus.yml'), CONFIG);
    lab().spawn('client', process.execPath, [CLI_BIN, 'serve', '--listen', EXPORTER]);
    lab().spawn('client', 'prometheus', [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${PROMETHEUS}`,
      '--log.level=warn',
    ]);
    // Wait until the slowest job (diagnose, every 15 s) and two path scrapes are in.
    const until = Date.now() + 90_000;
    for (;;) {
      await sleep(3000);
      const [diag, path] = await Promise.all([
        query('count(netcheck_diagnosis_category)').catch(() => []),
        query('count_over_time(netcheck_path_rounds[5m])').catch(() => []),
      ]);
      if ((diag.length > 0 && Number(path[0]?.value[1] ?? 0) >= 2) || Date.now() > until) break;
    }
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds probe_success 1 for a listening port and 0 for a refused one, and up 1 for the exporter', async () => {
    // Over the window, not at one instant: a scrape whose SYN the lossy link drops twice fails, as it should, and
    // its series are then stale until the next scrape.
    const success = await query('max_over_time(probe_success{job="netcheck_tcp"}[5m])');
    expect(value(success, { instance: '10.0.4.2:80' })).toBe('1');
    expect(value(success, { instance: '10.0.4.2:81' })).toBe('0');
    const errno = await query('max_over_time(netcheck_tcp_connect_errors[5m])');
    expect(value(errno, { instance: '10.0.4.2:81', errno: 'ECONNREFUSED' })).toBe('1');
    const up = await query('up{job="netcheck_exporter"}');
    expect(value(up, { instance: EXPORTER })).toBe('1');
    // every probe job is scraped successfully (a probe timing out would make up 0)
    const probeUp = await query('min_over_time(up{job=~"netcheck_(tcp|icmp|path|dns)"}[5m])');
    expect(probeUp.length).toBeGreaterThanOrEqual(5);
    for (const s of probeUp) expect(s.value[1], `${s.metric.job} ${s.metric.instance}`).toBe('1');
  });

  it('sees the icmp module answer with loss and RTT', async () => {
    expect(value(await query('probe_success{job="netcheck_icmp"}'), { instance: '10.0.4.2' })).toBe('1');
    const rtt = Number(value(await query('netcheck_icmp_rtt_avg_seconds'), { instance: '10.0.4.2' }));
    expect(rtt).toBeGreaterThan(0.015); // 3 delayed links, ~30 ms round trip
    expect(rtt).toBeLessThan(0.2);
    expect(value(await query('netcheck_icmp_hops'), { instance: '10.0.4.2' })).toBe('3');
  });

  it('places the forwarding loss on the link into hop 3 (r2 -> r3), not on a router that rate-limits', async () => {
    const link = await query('max_over_time(netcheck_path_hop_link_loss_ratio{instance="10.0.4.2"}[5m])');
    expect(Number(value(link, { hop: '3', address: '10.0.3.2' }))).toBeGreaterThan(0);
    expect(value(link, { hop: '1' })).toBe('0');
    expect(value(link, { hop: '2' })).toBe('0');
    // every path probe that placed the loss placed it on hop 3 (a probe may leave it unplaced: too few rounds)
    const range = '{instance="10.0.4.2"}[5m]';
    const [min, max] = await Promise.all([
      query(`min_over_time(netcheck_path_loss_start_hop${range})`),
      query(`max_over_time(netcheck_path_loss_start_hop${range})`),
    ]);
    expect([min[0]?.value[1], max[0]?.value[1]]).toEqual(['3', '3']);
    // mtr's own view shows loss at the routers before it: their rate limits, marked as such
    const limited = await query('max_over_time(netcheck_path_hop_rate_limited{instance="10.0.4.2"}[5m]) == 1');
    const limitedHops = limited.map((s) => s.metric.hop);
    expect(limitedHops.some((h) => h === '1' || h === '2')).toBe(true);
    for (const h of limitedHops.filter((h) => h !== '3')) expect(value(link, { hop: h! })).toBe('0');
  });

  it('exports the diagnosis category and its findings', async () => {
    const category = await query('netcheck_diagnosis_category{instance="web.lab:80"}');
    expect(category).toHaveLength(1);
    const findings = await query('netcheck_finding{instance="web.lab:80"}');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(['critical', 'warning', 'info']).toContain(f.metric.severity);
  });

  it('exports DNS lookup time and rcode per resolver', async () => {
    const rcode = await query('max_over_time(netcheck_dns_resolver_rcode{instance="web.lab"}[5m])');
    expect(value(rcode, { resolver: '10.0.4.2', rcode: 'NOERROR' })).toBe('1');
    // The resolver sits behind the lossy link and the module asks once (as blackbox_exporter does), so a scrape
    // whose query or answer is lost has no lookup time and probe_success 0: judged over the window, not the instant.
    const time = await query('max_over_time(probe_dns_lookup_time_seconds{instance="web.lab"}[5m])');
    expect(time).toHaveLength(1);
    expect(Number(time[0]?.value[1])).toBeGreaterThan(0.015); // a round trip over 3 delayed links
    expect(Number(time[0]?.value[1])).toBeLessThan(2);
    const answered = await query('avg_over_time(probe_success{job="netcheck_dns"}[5m])');
    expect(Number(answered[0]?.value[1])).toBeGreaterThan(0.5);
  });

  it('gets data for every panel of the Grafana dashboard', async () => {
    const empty: string[] = [];
    for (const panel of DASHBOARD.panels)
      for (const t of panel.targets) {
        const expr = t.expr.replaceAll('$target', '.*').replaceAll('$__rate_interval', '1m');
        // a range function over the last 5 minutes, so a panel of a slow job is judged on its last scrape
        const result = await query(`last_over_time((${expr})[5m:2s])`);
        if (result.length === 0) empty.push(`${panel.title}: ${t.expr}`);
      }
    expect(empty).toEqual([]);
  });
});
