import { describe, expect, test } from 'vitest';
import { lintText } from '../../src/lint.js';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/no-app', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/no-app', "[uwsgi]\nsocket = /run/a.sock\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["1:1-1:8", "warning"]]);
    expect(found[0].message).toContain("no app loaded");
  });
  test("good: wsgi-file", async () => {
    const found = await uwsgiFindings('uwsgi/no-app', "[uwsgi]\nsocket = /run/a.sock\nwsgi-file = /srv/app.py\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });

  // gdamjan/uwsgi-deployments (docs/evaluation.md, fourth sample): the php plugin serves php-docroot.
  test('good: the php plugin serving a docroot or one script', async () => {
    for (const line of ['php-docroot = /srv/nextcloud', 'php-app = /srv/app/index.php']) {
      const found = await uwsgiFindings('uwsgi/no-app', `[uwsgi]\nsocket = /run/a.sock\nplugins = php\n${line}\nphp-index = index.php\n`);
      expect(found, line).toEqual([]);
    }
  });

  test('an ini its launch loads together with another ini the run cannot read: silent, the other may load the app', async () => {
    const common = '[uwsgi]\nsocket = /tmp/uwsgi.sock\nchmod-socket = 664\nuid = www-data\ngid = www-data\n';
    const noApp = async (command: string) => {
      const supervisord = `[supervisord]\nnodaemon=true\n\n[program:uwsgi]\ncommand=${command}\n`;
      const result = await lintText([{ path: 'uwsgi-common.ini', text: common }, { path: 'supervisord.conf', text: supervisord }], { cwd: '/repo' });
      return result.results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'uwsgi/no-app').map((m) => `${r.filePath}:${m.line}:${m.column}`));
    };
    expect(await noApp('/usr/local/bin/uwsgi --ini /etc/uwsgi/uwsgi-common.ini --ini /app/uwsgi-app.ini')).toEqual([]);
    // Started with this ini alone, nothing else can load the app.
    expect(await noApp('/usr/local/bin/uwsgi --ini /etc/uwsgi/uwsgi-common.ini')).toEqual(['uwsgi-common.ini:1:1']);
  });
});
