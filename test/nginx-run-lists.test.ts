// The run's lists of directives with their scopes (src/nginx/directives.ts: scopedDirectives,
// untemplatedDirectives, judgedDirectives), which keep the run's directives as columns and make
// an item when a rule asks for its name: what each way of reading them gives must agree.
import { describe, expect, test } from 'vitest';
import { projectFromTexts } from '../src/lint.js';
import { isTemplated, listenFlags, named, namedEach, namesIn, scopedByVerdict, scopedDirectives, untemplatedDirectives, type ScopedDirective } from '../src/nginx/directives.js';
import { judgedDirectives } from '../src/nginx/security/walk.js';
import { directivesNamed, effective, forEachScope, nginxModel } from '../src/nginx/model.js';

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
  return projectFromTexts([
    { path: 'nginx.conf', text: MAIN },
    { path: 'sites/c.conf', text: SITE },
  ]);
}

describe('the run lists', () => {
  test('named() gives the items of a name in the order of the text, with their config and context', () => {
    const p = project();
    const listens = named(scopedDirectives(p), ['listen']);
    expect(listens.map((i) => i.directive.args[0].raw)).toEqual(['80', '81', '{{ port }}', '8080']);
    expect(listens.map((i) => i.context)).toEqual(['server', 'location', 'server', 'server']);
    expect(listens.map((i) => i.config.root.source.path.split('/').pop())).toEqual(['nginx.conf', 'nginx.conf', 'nginx.conf', 'c.conf']);
    // What nginx says of each: listen in a location is refused.
    expect(listens.map((i) => i.verdict.kind)).toEqual(['ok', 'not-allowed', 'ok', 'ok']);
    // Several names come back merged in list order.
    const merged = named(scopedDirectives(p), ['server_name', 'listen']);
    expect(merged.map((i) => i.directive.name)).toEqual(['listen', 'server_name', 'listen', 'listen', 'server_name', 'listen', 'server_name']);
    expect(merged.map((i) => i.order)).toEqual([...merged.map((i) => i.order)].sort((a, b) => a - b));
  });

  test('an item is made once: every way of reaching it gives the same object', () => {
    const p = project();
    const listens = named(scopedDirectives(p), ['listen']);
    const refused = scopedByVerdict(p, 'not-allowed').map((j) => j.item);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBe(listens[1]);
    expect(named(untemplatedDirectives(p), ['listen'])[0]).toBe(listens[0]);
    expect(namedEach(scopedDirectives(p), ['listen', 'nothing_here'])).toEqual([listens]);
  });

  test('the judged list leaves out templated lines, and only them', () => {
    const p = project();
    const scoped = scopedDirectives(p);
    const judged = untemplatedDirectives(p);
    for (const name of namesIn(scoped)) {
      const all = named(scoped, [name]);
      expect(named(judged, [name]), name).toEqual(all.filter((i) => !isTemplated(i.directive)));
    }
    expect(named(judged, ['listen']).map((i) => i.directive.args[0].raw)).toEqual(['80', '81', '8080']);
    // A name whose only line is templated is not in the judged list.
    expect([...namesIn(judged)]).toEqual([...namesIn(scoped)].filter((n) => named(scoped, [n]).some((i) => !isTemplated(i.directive))));
  });

  test("one config's part of a list holds exactly the items that config reached", () => {
    const p = project();
    const [main, site] = p.nginx;
    const judged = untemplatedDirectives(p);
    for (const name of namesIn(scopedDirectives(p))) {
      const all = named(judged, [name]);
      const parts = [...named(judgedDirectives(p, main), [name]), ...named(judgedDirectives(p, site), [name])];
      expect(parts, name).toEqual(all);
      for (const item of named(judgedDirectives(p, site), [name])) expect(item.config).toBe(site);
    }
    expect(named(judgedDirectives(p, site), ['listen']).map((i) => i.directive.args[0].value)).toEqual(['8080']);
    expect([...namesIn(judgedDirectives(p, site))].sort()).toEqual(['if', 'listen', 'location', 'proxy_pass', 'server', 'server_name']);
  });

  test('lines() gives each line once, however many includes reach it', () => {
    const p = project();
    const params = named(scopedDirectives(p), ['uwsgi_param']);
    const lines = untemplatedDirectives(p).lines('uwsgi_param');
    expect(params.length).toBe(2 * lines.length);
    expect(new Set(params.map((i: ScopedDirective) => i.directive))).toEqual(new Set(lines));
    expect(lines[0].args[0].value).toBe('QUERY_STRING');
  });

  test('inContext() gives the lines of ifs in locations, not of ifs in servers', () => {
    const p = project();
    const inIfs = untemplatedDirectives(p).inContext('if-in-location');
    expect(inIfs.map((i) => `${i.directive.name} ${i.directive.args[0].raw}`)).toEqual(['add_header X-Post', 'return 405', 'proxy_pass http://127.0.0.1:9001']);
    expect(inIfs[2]).toBe(named(scopedDirectives(p), ['proxy_pass'])[1]);
    expect(judgedDirectives(p, p.nginx[0]).inContext('if-in-location')).toHaveLength(2);
  });
});

describe('a level read by name (directivesNamed, effective)', () => {
  test('short levels (searched line by line) and long ones (indexed) answer alike', () => {
    // A server of 40 lines is indexed; its locations of a few lines are searched.
    const lines = Array.from({ length: 40 }, (_, i) => `        add_header X-${i} ${i};`).join('\n');
    const text = `server {\n    listen 80;\n    set $a 1;\n${lines}\n    location / {\n        set $b 2;\n        add_header X-Here 1;\n        set $c 3;\n    }\n    location /x/ {\n        root /srv;\n    }\n}\n`;
    const p = projectFromTexts([{ path: 'site.conf', text }]);
    const root = nginxModel(p.nginx[0]).root;
    const scopes: Parameters<typeof effective>[0][] = [];
    forEachScope(root, (s) => scopes.push(s));
    expect(scopes.map((s) => s.directives.length)).toEqual([1, 44, 3, 1]);
    for (const scope of scopes) {
      for (const name of ['add_header', 'set', 'listen', 'root', 'server_name']) {
        expect(directivesNamed(scope, name), name).toEqual(scope.directives.filter((d) => d.name === name));
      }
    }
    const [, server, first, second] = scopes;
    expect(effective(first, 'add_header').map((d) => d.args[0].value)).toEqual(['X-Here']);
    expect(effective(second, 'add_header')).toHaveLength(40);
    expect(effective(second, 'add_header')).toBe(effective(server, 'add_header'));
    expect(effective(first, 'set').map((d) => d.args[0].value)).toEqual(['$b', '$c']);
    expect(effective(second, 'set').map((d) => d.args[0].value)).toEqual(['$a']);
    expect(effective(second, 'server_name')).toEqual([]);
  });
});

describe('listenFlags', () => {
  const flags = (...texts: string[]) => listenFlags(projectFromTexts(texts.map((text, i) => ({ path: `site${i}.conf`, text }))));

  test('says whether any listen of the run has ssl or default_server', () => {
    expect(flags('server { listen 80; server_name a; }')).toEqual({ ssl: false, defaultServer: false });
    expect(flags('server { listen 80; }', 'server { listen [::]:443 ssl http2; }')).toEqual({ ssl: true, defaultServer: false });
    expect(flags('server { listen 80 default_server; }')).toEqual({ ssl: false, defaultServer: true });
    expect(flags('server { listen 127.0.0.1:8443 default ssl; }')).toEqual({ ssl: true, defaultServer: true });
    // A templated address is not read: it says nothing, as listenAddress says nothing of it.
    expect(flags('server { listen {{ port }} ssl; }')).toEqual({ ssl: false, defaultServer: false });
  });

  test('cannot tell when the run has a syntax error (its list stops there)', () => {
    expect(flags('server { listen 80 }\nserver { listen 443 ssl; }')).toBeNull();
  });
});
