// Every uwsgi/* finding on the shared corpus, pinned. Reviewed by hand against
// pairs/MANIFEST.tsv (its `defects` and `info` columns): no error on a config that works.
import { describe, expect, test } from 'vitest';
import { corpusFiles, lintCorpusFile } from './support/uwsgi-corpus.js';
import { sharedCorpusAvailable } from './support/shared.js';

describe.skipIf(!sharedCorpusAvailable('uwsgi rules on the corpus'))('uwsgi rules on the corpus', () => {
  test('findings', async () => {
    const lines: string[] = [];
    for (const file of corpusFiles()) lines.push(...(await lintCorpusFile(file)).filter((l) => !l.includes(' uwsgi/not-evaluated ')));
    expect(lines.join('\n') + '\n').toMatchFileSnapshot('__snapshots__/uwsgi-corpus-rules.txt');
  }, 120000);

  test('errors only where MANIFEST.tsv (or a typo it names) says the config is broken', async () => {
    const errors: string[] = [];
    for (const file of corpusFiles()) errors.push(...(await lintCorpusFile(file)).filter((l) => / error uwsgi\/(?!include )/.test(l)));
    expect(errors.map((l) => l.replace(/ error (\S+) .*/, ' $1'))).toMatchInlineSnapshot(`
      [
        "ini-only/kumcp__python-uwsgi-deploy__server-config.example__uwsgi.ini.example:23:26-23:116 uwsgi/inline-comment",
        "ini-only/nahumt__django-postgres-nginx-uwsgi-docker-compose__respirar_uwsgi_dev.ini:24:48-24:77 uwsgi/inline-comment",
        "ini-only/zhangshiyu12345__uwsgi-nginx-django__www__myobject__myobject__uwsgi.ini:5:1-5:8 uwsgi/unknown-option",
        "pairs/Thiswind-Docker__flask-uwsgi-nginx/uwsgi_config.ini:6:1-6:8 uwsgi/unknown-option",
        "pairs/Thiswind-Docker__flask-uwsgi-nginx/uwsgi_config.ini:12:1-12:13 uwsgi/unknown-option",
        "pairs/trentfridey__docker-django-uwsgi-nginx/uwsgi.conf:15:39-15:97 uwsgi/inline-comment",
        "pairs/vvahut__docker-django-nginx-uwsgi/django__uwsgi.ini:21:1-21:12 uwsgi/unknown-option",
      ]
    `);
  }, 120000);
});
