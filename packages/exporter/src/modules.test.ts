import { describe, expect, it } from 'vitest';
import { DEFAULT_MODULES, validateModuleFile } from './modules.js';
import { parseModuleFile } from './read-modules.js';
import { buildProbeRequest } from './probe-request.js';

describe('validateModuleFile', () => {
  it('fills in defaults and reads blackbox.yml-style fields', () => {
    const m = validateModuleFile({
      modules: { ping_fast: { prober: 'icmp', timeout: '3s', icmp: { count: 10 } }, tcp: { prober: 'tcp' } },
    });
    expect(m.ping_fast).toMatchObject({ prober: 'icmp', timeoutMs: 3000, icmp: { count: 10, intervalMs: 200 } });
    expect(m.tcp).toMatchObject({ prober: 'tcp', timeoutMs: 10_000 });
  });
  it.each([
    [{}, /expected \{"modules"/],
    [{ modules: {} }, /is empty/],
    [{ modules: { x: { prober: 'http' } } }, /x\.prober: must be one of icmp, tcp, dns, path, diagnose/],
    [{ modules: { x: { prober: 'icmp', timeout: 'soon' } } }, /x\.timeout/],
    [{ modules: { x: { prober: 'icmp', icmp: { count: 0 } } } }, /x\.icmp\.count: must be an integer from 1 to 100/],
    [{ modules: { x: { prober: 'icmp', icmp: { constructor: 1 } } } }, /unknown option "constructor"/],
    [{ modules: { x: { prober: 'dns', dns: { servers: 'a' } } } }, /x\.dns\.servers/],
    [{ modules: { 'a b': { prober: 'icmp' } } }, /names are letters/],
    [{ modules: { x: { prober: 'icmp', extra: 1 } } }, /unknown key "extra"/],
  ])('refuses %j', (raw, message) => expect(() => validateModuleFile(raw)).toThrow(message));
});

describe('buildProbeRequest', () => {
  const req = (q: string) => buildProbeRequest(new URLSearchParams(q), DEFAULT_MODULES);
  it.each([
    ['target=10.0.4.2&module=icmp', { moduleName: 'icmp' }],
    ['target=10.0.4.2:80&module=tcp', { moduleName: 'tcp' }],
    ['target=http://web.lab/&module=tcp', { moduleName: 'tcp' }],
    ['target=web.lab:80&module=diagnose', { moduleName: 'diagnose' }],
    ['target=10.0.4.2', { moduleName: 'icmp' }],
  ])('accepts %s', (q, want) => expect(req(q)).toMatchObject(want));
  it.each([
    ['module=icmp', /target parameter is missing/],
    ['target=a&target=b&module=icmp', /given twice/],
    ['target=10.0.4.2&module=http', /unknown module "http" \(known: icmp, tcp, dns, path, diagnose\)/],
    ['target=10.0.4.2&module=constructor', /unknown module/],
    ['target=-oProxyCommand&module=icmp', /starts with "-"/],
    ['target=a;rm&module=icmp', /invalid target/],
    ['target=&module=icmp', /empty/],
    ['target=10.0.4.2:80&module=icmp', /takes a host/],
    ['target=10.0.4.2&module=tcp', /needs a port/],
  ])('refuses %s with 400', (q, reason) => {
    const r = req(q);
    expect(r).toMatchObject({ status: 400 });
    expect((r as { reason: string }).reason).toMatch(reason);
  });
});

describe('parseModuleFile', () => {
  it('reads blackbox.yml-style YAML and JSON alike', () => {
    const yaml =
      'modules:\n  icmp_slow:\n    prober: icmp\n    timeout: 8s\n    icmp:\n      count: 20\n' +
      '  web:\n    prober: tcp\n';
    const fromYaml = parseModuleFile(yaml, 'netcheck.yml');
    expect(fromYaml.icmp_slow).toMatchObject({ prober: 'icmp', timeoutMs: 8000, icmp: { count: 20 } });
    expect(fromYaml.web).toMatchObject({ prober: 'tcp' });
    expect(parseModuleFile('{"modules": {"p": {"prober": "path", "path": {"rounds": 5}}}}', 'm.json').p).toMatchObject({
      path: { rounds: 5 },
    });
  });
  it.each([
    ['modules:\n  a:\n    prober: icmp\n  a:\n    prober: tcp\n', /not valid YAML or JSON/],
    ['modules: [1, 2', /not valid YAML or JSON/],
    ['modules:\n  x:\n    prober: icmp\n    icmp:\n      count: many\n', /x\.icmp\.count/],
  ])('refuses %j', (text, message) => expect(() => parseModuleFile(text, 'm.yml')).toThrow(message));
});
