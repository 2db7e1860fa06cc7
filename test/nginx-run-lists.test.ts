// The run's lists of directives as the query hands them out (query.nginx.directives, lines,
// refused, inContext), kept as columns behind it (src/nginx/directive-list.ts) with an item made
// when a rule asks for its name: what each way of reading them gives must agree.
import { describe, expect, test } from 'vitest';
import { projectFromTexts } from '../src/lint.js';
import { isTemplated } from '../src/nginx/templated.js';
import { Query, type Scope, type ScopedDirective } from '../src/query/index.js';

const MAIN = `events {}
http {
    server {
        listen 80;
        server_name a.example.com;
        location / {
            include uwsgi_params;
            uwsgi_pass unix:/run/a.sock;
            if ($request_method = POST) {
                add_header X-Post yes;
                return 405;
            }
        }
        location /api/ {
            include uwsgi_params;
            uwsgi_pass unix:/run/a.sock;
            listen 81;
        }
    }
    server {
        listen {{ port }};
        server_name b.example.com;
        if ($host = old.example.com) {
            return 301 https://b.example.com$request_uri;
        }
    }
}
`;

const SITE = `server {
    listen 8080;
    server_name c.example.com;
    location / {
        proxy_pass http://127.0.0.1:9000;
        if ($arg_x) {
            proxy_pass http://127.0.0.1:9001;
        }
    }
}
`;

function project() {
  const p = projectFromTexts([
    { path: 'nginx.conf', text: MAIN },
    { path: 'sites/c.conf', text: SITE },
  ]);
  return { p, nginx: new Query(p).nginx };
}

describe('the run lists', () => {
  test('directives() gives the items of a name in the order of the text, with their config and context', () => {
    const { nginx } = project();
    const listens = nginx.directives('listen', { templated: true });
    expect(listens.map((i) => i.directive.args[0].raw)).toEqual(['80', '81', '{{ port }}', '8080']);
    expect(listens.map((i) => i.context)).toEqual(['server', 'location', 'server', 'server']);
    expect(listens.map((i) => i.config.root.source.path.split('/').pop())).toEqual(['nginx.conf', 'nginx.conf', 'nginx.conf', 'c.conf']);
    // What nginx says of each: listen in a location is refused.
    expect(listens.map((i) => i.verdict.kind)).toEqual(['ok', 'not-allowed', 'ok', 'ok']);
    // Several names come back merged in list order.
    const merged = nginx.directives(['server_name', 'listen'], { templated: true });
    expect(merged.map((i) => i.directive.name)).toEqual(['listen', 'server_name', 'listen', 'listen', 'server_name', 'listen', 'server_name']);
    expect(merged.map((i) => i.order)).toEqual([...merged.map((i) => i.order)].sort((a, b) => a - b));
  });

  test('an item is made once: every way of reaching it gives the same object', () => {
    const { nginx } = project();
    const listens = nginx.directives('listen', { templated: true });
    const refused = nginx.refused('not-allowed').map((j) => j.item);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBe(listens[1]);
    expect(nginx.directives('listen')[0]).toBe(listens[0]);
    expect(nginx.directivesEach(['listen', 'nothing_here'], { templated: true })).toEqual([listens]);
  });

  test('the judged list leaves out templated lines, and only them', () => {
    const { nginx } = project();
    const all = { templated: true };
    for (const name of nginx.names(all)) {
      expect(nginx.directives(name), name).toEqual(nginx.directives(name, all).filter((i) => !isTemplated(i.directive)));
    }
    expect(nginx.directives('listen').map((i) => i.directive.args[0].raw)).toEqual(['80', '81', '8080']);
    // A name whose only line is templated is not in the judged list.
    expect(nginx.names()).toEqual(nginx.names(all).filter((n) => nginx.directives(n, all).some((i) => !isTemplated(i.directive))));
  });

  test("one config's part of a list holds exactly the items that config reached", () => {
    const { p, nginx } = project();
    const [main, site] = p.nginx;
    for (const name of nginx.names({ templated: true })) {
      const all = nginx.directives(name);
      const parts = [...nginx.directives(name, { config: main }), ...nginx.directives(name, { config: site })];
      expect(parts, name).toEqual(all);
      for (const item of nginx.directives(name, { config: site })) expect(item.config).toBe(site);
    }
    expect(nginx.directives('listen', { config: site }).map((i) => i.directive.args[0].value)).toEqual(['8080']);
    expect(nginx.names({ config: site }).sort()).toEqual(['if', 'listen', 'location', 'proxy_pass', 'server', 'server_name']);
  });

  test('lines() gives each line once, however many includes reach it', () => {
    const { nginx } = project();
    const params = nginx.directives('uwsgi_param', { templated: true });
    const lines = nginx.lines('uwsgi_param');
    expect(params.length).toBe(2 * lines.length);
    expect(new Set(params.map((i: ScopedDirective) => i.directive))).toEqual(new Set(lines));
    expect(lines[0].args[0].value).toBe('QUERY_STRING');
  });

  test('inContext() gives the lines of ifs in locations, not of ifs in servers', () => {
    const { p, nginx } = project();
    const inIfs = nginx.inContext('if-in-location');
    expect(inIfs.map((i) => `${i.directive.name} ${i.directive.args[0].raw}`)).toEqual(['add_header X-Post', 'return 405', 'proxy_pass http://127.0.0.1:9001']);
    expect(inIfs[2]).toBe(nginx.directives('proxy_pass', { templated: true })[1]);
    expect(nginx.inContext('if-in-location', { config: p.nginx[0] })).toHaveLength(2);
  });
});

describe('a level read by name (atLevel, effective)', () => {
  test('short levels (searched line by line) and long ones (indexed) answer alike', () => {
    // A server of 40 lines is indexed; its locations of a few lines are searched.
    const lines = Array.from({ length: 40 }, (_, i) => `        add_header X-${i} ${i};`).join('\n');
    const text = `server {\n    listen 80;\n    set $a 1;\n${lines}\n    location / {\n        set $b 2;\n        add_header X-Here 1;\n        set $c 3;\n    }\n    location /x/ {\n        root /srv;\n    }\n}\n`;
    const p = projectFromTexts([{ path: 'site.conf', text }]);
    const nginx = new Query(p).nginx;
    const scopes: Scope[] = [];
    nginx.forEachBlock(p.nginx[0], (s) => scopes.push(s));
    // A level of more than 24 lines carries its index, built with it.
    expect(scopes.map((s) => s.byName !== null)).toEqual([false, true, false, false]);
    expect(scopes.map((s) => s.directives.length)).toEqual([1, 44, 3, 1]);
    for (const scope of scopes) {
      for (const name of ['add_header', 'set', 'listen', 'root', 'server_name']) {
        expect(nginx.atLevel(scope, name), name).toEqual(scope.directives.filter((d) => d.name === name));
      }
    }
    const [, server, first, second] = scopes;
    expect(nginx.effective(first, 'add_header').map((d) => d.args[0].value)).toEqual(['X-Here']);
    expect(nginx.effective(second, 'add_header')).toHaveLength(40);
    expect(nginx.effective(second, 'add_header')).toBe(nginx.effective(server, 'add_header'));
    expect(nginx.effective(first, 'set').map((d) => d.args[0].value)).toEqual(['$b', '$c']);
    expect(nginx.effective(second, 'set').map((d) => d.args[0].value)).toEqual(['$a']);
    expect(nginx.effective(second, 'server_name')).toEqual([]);
  });
});

describe('listenFlags', () => {
  const flags = (...texts: string[]) => new Query(projectFromTexts(texts.map((text, i) => ({ path: `site${i}.conf`, text })))).nginx.listenFlags();

  test('says whether any listen of the run has ssl or default_server', () => {
    expect(flags('server { listen 80; server_name a; }')).toEqual({ ssl: false, defaultServer: false });
    expect(flags('server { listen 80; }', 'server { listen [::]:443 ssl http2; }')).toEqual({ ssl: true, defaultServer: false });
    expect(flags('server { listen 80 default_server; }')).toEqual({ ssl: false, defaultServer: true });
    expect(flags('server { listen 127.0.0.1:8443 default ssl; }')).toEqual({ ssl: true, defaultServer: true });
    // A templated address is not read: it says nothing, as listen() says nothing of it.
    expect(flags('server { listen {{ port }} ssl; }')).toEqual({ ssl: false, defaultServer: false });
  });

  test('cannot tell when the run has a syntax error (its list stops there)', () => {
    expect(flags('server { listen 80 }\nserver { listen 443 ssl; }')).toBeNull();
  });
});
