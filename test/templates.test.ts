// Templates are templates: envsubst (`${VAR}`, `$VAR`, as the official nginx image renders
// /etc/nginx/templates/*.template), `@VAR@` and Jinja holes. A hole where a statement goes is one
// unknown statement; a hole inside an argument makes the directive unknown to the rules.
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/lint.js';
import { parseNginx } from '../src/nginx/parse.js';
import { isTemplated } from '../src/nginx/templated.js';
import type { NginxDirective } from '../src/nginx/ast.js';
import { createSourceFile } from '../src/source.js';
import { nginxDiagnostics } from './support/problems.js';

const outline = (ds: NginxDirective[]): unknown[] => ds.map((d) => (d.block ? { [d.name]: outline(d.block) } : d.name));

async function findings(files: { path: string; text: string }[]) {
  const result = await lintText(files, { cwd: '/project' });
  return result.results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.severity} ${m.ruleId}`));
}

describe('a hole where a statement goes', () => {
  const site = (hole: string) => `server {
    listen 80;
    ${hole}
    location / {
        include uwsgi_params;
        uwsgi_pass 127.0.0.1:3031;
    }
    ${hole}
}
`;

  it.each(['${EXTRA_DIRECTIVES}', '$EXTRA_DIRECTIVES', '@EXTRA_DIRECTIVES@', '{{ extra_directives }}'])('%s is one statement of its own, not glued to the next line', (hole) => {
    const file = parseNginx(createSourceFile('/project/site.conf.template', site(hole)));
    expect(file.problems).toEqual([]);
    expect(outline(file.directives)).toEqual([{ server: ['listen', hole, { location: ['include', 'uwsgi_pass'] }, hole] }]);
    const holes = file.directives[0].block!.filter((d) => d.name === hole);
    expect(holes.map((d) => [d.start, d.end, isTemplated(d)])).toEqual([
      [site(hole).indexOf(hole), site(hole).indexOf(hole) + hole.length, true],
      [site(hole).lastIndexOf(hole), site(hole).lastIndexOf(hole) + hole.length, true],
    ]);
  });

  it('is a hole at the end of a one-line block too, and the same split or whole', () => {
    const text = 'server {\n    location / { ${LOCATION_EXTRA} }\n    location /a { @A@ # filled in\n    }\n}\n';
    const split = parseNginx(createSourceFile('/project/a.conf', text));
    const whole = parseNginx(createSourceFile('/project/a.conf', text), { chunkChars: 1 << 20 }, null);
    expect(split.problems).toEqual([]);
    expect(outline(split.directives)).toEqual([{ server: [{ location: ['${LOCATION_EXTRA}'] }, { location: ['@A@'] }] }]);
    expect(outline(whole.directives)).toEqual(outline(split.directives));
    expect(whole.problems).toEqual([]);
  });

  it('gets no syntax error and no unknown directive', async () => {
    expect(await findings([{ path: 'templates/site.conf.template', text: site('${EXTRA_DIRECTIVES}') }])).toEqual([]);
    expect(await findings([{ path: 'site.conf', text: site('@EXTRA@') }])).toEqual([]);
  });

  it('stays a syntax error when it is not alone: a hole then more words is a directive', () => {
    const file = parseNginx(createSourceFile('/project/a.conf', 'server {\n    ${NAME} value\n}\n'));
    expect(nginxDiagnostics(file.problems).map((d) => d.message)).toEqual(['unexpected "}"']);
  });
});

describe('a hole inside an argument', () => {
  const directive = (path: string, text: string, name: string) => {
    const file = parseNginx(createSourceFile(path, text));
    const all: NginxDirective[] = [];
    const walk = (ds: NginxDirective[]) => ds.forEach((d) => (all.push(d), d.block && walk(d.block)));
    walk(file.directives);
    return all.find((d) => d.name === name)!;
  };

  it('makes envsubst, @VAR@ and Jinja arguments unknown', () => {
    const text = 'server {\n    listen ${PORT};\n    server_name ${DOMAIN} www.$DOMAIN;\n    root @ROOT@;\n    location / { uwsgi_pass ${APP_HOST}:${APP_PORT}; }\n    access_log {{ log }};\n}\n';
    for (const name of ['listen', 'server_name', 'root', 'uwsgi_pass', 'access_log']) {
      expect(isTemplated(directive('/project/nginx/site.conf', text, name)), name).toBe(true);
    }
  });

  it('leaves nginx variables to nginx: lower case, or defined by the file', () => {
    const text = 'server {\n    set $APP_PORT 8000;\n    return 301 https://${host}$request_uri;\n    proxy_pass http://127.0.0.1:${APP_PORT};\n    add_header X-Backend ${UPSTREAM_NAME};\n}\n';
    expect(isTemplated(directive('/project/site.conf', text, 'return'))).toBe(false);
    expect(isTemplated(directive('/project/site.conf', text, 'proxy_pass'))).toBe(false);
    expect(isTemplated(directive('/project/site.conf', text, 'add_header'))).toBe(true);
  });

  it('reads bare $UPPER as a hole only in a template: `$HTTP_HOST` is nginx\'s elsewhere', () => {
    const text = 'server {\n    proxy_set_header Host $HTTP_HOST;\n}\n';
    expect(isTemplated(directive('/project/site.conf', text, 'proxy_set_header'))).toBe(false);
    expect(isTemplated(directive('/project/templates/default.conf.template', text, 'proxy_set_header'))).toBe(true);
    // A `${UPPER}` that nginx does not define makes any file a template.
    expect(isTemplated(directive('/project/site.conf', `${text}listen \${PORT};\n`, 'proxy_set_header'))).toBe(true);
  });

  it('keeps the rules from judging the literal', async () => {
    // Two servers whose names a template fills in do not conflict; an alias it fills in is not a traversal.
    const text = 'server {\n    listen 80;\n    server_name ${DOMAIN};\n    location /static {\n        alias @ROOT@/static/;\n    }\n}\nserver {\n    listen 80;\n    server_name ${DOMAIN};\n}\n';
    expect(await findings([{ path: 'default.conf.template', text }])).toEqual([]);
  });

  it('tells pair/unpaired that a template fills the target in', async () => {
    const result = await lintText([
      { path: 'default.conf.template', text: 'server {\n    listen 80;\n    location / {\n        include uwsgi_params;\n        uwsgi_pass ${APP_HOST}:${APP_PORT};\n    }\n}\n' },
      { path: 'app.ini', text: '[uwsgi]\nsocket = :3031\nmodule = app:application\nuid = app\n' },
    ], { cwd: '/project' });
    const messages = result.results.flatMap((r) => r.messages.filter((m) => m.ruleId.startsWith('pair/')).map((m) => `${m.ruleId} ${m.message}`));
    expect(messages).toEqual([expect.stringMatching(/^pair\/unpaired `uwsgi_pass \$\{APP_HOST\}:\$\{APP_PORT\}` is not known before run time \(filled in by a template\)/)]);
  });
});

describe('uWSGI ini templates', () => {
  it('reads ${VAR} and @VAR@ values as unknown, not as errors', async () => {
    const text = '[uwsgi]\nsocket = ${APP_HOST}:${APP_PORT}\nchdir = @APP_DIR@\nmodule = app:application\nuid = app\ngid = app\n';
    const got = await findings([{ path: 'app.ini', text }]);
    expect(got.filter((f) => / error /.test(f))).toEqual([]);
  });
});
