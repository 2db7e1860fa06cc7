import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/map-without-default';
const http = (body: string) => ({ 'nginx.conf': `events {}\nhttp {\n${body}\n}\n` });

describe(ID, () => {
  test('the message says what is wrong and what to write', async () => {
    expect(await findings(ID, http('map $host $backend {\n    example.com a;\n    example.org b;\n}\nserver {\n    location / {\n        proxy_pass http://$backend;\n    }\n}'))).toEqual([
      ['info', 3, 11, 19, 'map $backend has no "default": where $host is none of its 2 entries, $backend is "" without a word, and whatever it gates (an if, an allow list, a backend name) takes that; add "default <value>;", or "default \'\';" if the empty value is meant'],
    ]);
  });

  test.each([
    ['map $host $hostmap {\n    example.com value;\n    example.org other;\n}', [['info', 3, 11, 19]]],
    ['geo $hostmap {\n    10.0.0.0/8 1;\n}', [['info', 3, 5, 13]]],
    ['geo $remote_addr $trusted {\n    ranges;\n    10.0.0.1-10.0.0.9 1;\n}\nserver {\n    if ($trusted) {\n        return 403;\n    }\n}', [['info', 3, 18, 26]]],
  ] as [string, [string, number, number, number][]][])('bad #%#', async (body, expected) => {
    expect(await at(ID, http(body))).toEqual(expected);
  });

  test.each([
    ['map $host $hostmap {\n    example.com value;\n    default default_val;\n}'],
    ['map $request_method $post_binary_remote_addr {\n    POST $binary_remote_addr;\n}'],
    ['geo $hostmap {\n    default 1;\n}'],
    ['geo $hostmap {\n    0.0.0.0/0 0;\n    10.0.0.0/8 1;\n}'],
    // Read only where "" switches a header or a limit off.
    ['map $sent_http_content_type $cors {\n    ~*image/ "*";\n    ~*font/ "*";\n}\nserver {\n    add_header Access-Control-Allow-Origin $cors;\n}'],
    ['map $arg_tier $limit_key {\n    free $binary_remote_addr;\n    trial $binary_remote_addr;\n}\nlimit_req_zone $limit_key zone=z:10m rate=1r/s;'],
  ])('good #%#', async (body) => {
    expect(await findings(ID, http(body))).toEqual([]);
  });

  test('entries reached through an include are counted, a default in one too', async () => {
    const files = { ...http('map $host $x {\n    include maps/hosts.map;\n}'), 'maps/hosts.map': 'a.example 1;\nb.example 2;\n' };
    expect(await at(ID, files)).toEqual([['info', 3, 11, 13]]);
    const withDefault = { ...http('map $host $x {\n    include maps/hosts.map;\n}'), 'maps/hosts.map': 'a.example 1;\nb.example 2;\ndefault 0;\n' };
    expect(await findings(ID, withDefault)).toEqual([]);
  });

  test('a map with a templated entry is not judged', async () => {
    expect(await findings(ID, http('map $host $x {\n    a.example 1;\n    {{ other_host }} 2;\n}'))).toEqual([]);
  });
});
