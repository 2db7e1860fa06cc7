import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/resolver-external';

describe(ID, () => {
  test('the message names the address, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': 'server {\n    resolver 8.8.8.8 valid=30s;\n}\n' })).toEqual([
      ['warning', 2, 14, 21, 'resolver 8.8.8.8 is a public DNS server: nginx asks it over plain UDP from one fixed port, without DNSSEC, so anyone who can send forged packets toward nginx and guess the 16-bit query id can point the names it resolves (proxy_pass, ssl_stapling) at their own server; use a resolver on this host or network (127.0.0.53 for systemd-resolved, 127.0.0.11 in Docker) that forwards upstream'],
    ]);
  });

  test.each([
    ['resolver 1.1.1.1;\n', [['warning', 1, 10, 17]]],
    ['resolver 8.8.8.8:53;\n', [['warning', 1, 10, 20]]],
    ['resolver 127.0.0.1 9.9.9.9 ipv6=off;\n', [['warning', 1, 20, 27]]],
    ['resolver [2001:4860:4860::8888]:53;\n', [['warning', 1, 10, 35]]],
    ['resolver 2606:4700:4700::1111;\n', [['warning', 1, 10, 30]]],
    ['resolver ::ffff:8.8.4.4;\n', [['warning', 1, 10, 24]]],
    ['resolver 1.1.1.1 8.8.8.8;\n', [['warning', 1, 10, 17], ['warning', 1, 18, 25]]],
    ['stream {\n    resolver 208.67.222.222;\n}\n', [['warning', 2, 14, 28]]],
  ] as [string, [string, number, number, number][]][])('public: %j', async (text, expected) => {
    expect(await at(ID, { 'nginx.conf': text })).toEqual(expected);
  });

  test.each([
    ['loopback', 'resolver 127.0.0.1;\n'],
    ['Docker', 'resolver 127.0.0.11 valid=10s;\n'],
    ['systemd-resolved', 'resolver 127.0.0.53;\n'],
    ['private', 'resolver 10.0.0.1 172.16.0.2 192.168.1.1;\n'],
    ['link-local (AWS VPC)', 'resolver 169.254.169.253;\n'],
    ['shared address space (Tailscale)', 'resolver 100.100.100.100;\n'],
    ['IPv6 loopback with a port', 'resolver [::1]:53;\n'],
    ['bare IPv6 loopback', 'resolver 127.0.0.1 ::1;\n'],
    ['unique local IPv6', 'resolver fd00::53;\n'],
    ['link-local IPv6', 'resolver fe80::1 fea0:abcd:1234::1;\n'],
    ['documentation addresses', 'resolver 192.0.2.1 2001:db8::1;\n'],
    ['a host name', 'resolver dns.example.com;\n'],
    ['localhost with a port', 'resolver localhost:53;\n'],
    ['a variable', 'resolver $dns;\n'],
    ['a templated address', 'resolver {{ dns_server }};\n'],
  ])('not public: %s', async (_name, text) => {
    expect(await findings(ID, { 'nginx.conf': text })).toEqual([]);
  });

  test('a line reached through an include is reported in its own file', async () => {
    const files = { 'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n', 'conf.d/dns.conf': 'resolver 1.0.0.1;\n' };
    expect((await findings(ID, files)).map(([s, l, c, e]) => [s, l, c, e])).toEqual([['warning', 1, 10, 17]]);
  });
});
