// The run's pair query keeps what it works out (the pairing, the verdicts, the file -> nginx
// config map) for the run, and answers what the plain functions compute.
import { describe, expect, test } from 'vitest';
import { projectFromTexts } from '../src/lint.js';
import { pairing } from '../src/pair.js';
import { judgeEndpoints } from '../src/pair/verdict.js';
import { Query } from '../src/query/index.js';

const site = (...passes: string[]) => `server {\n    listen 80;\n${passes.map((p, i) => `    location /l${i} {\n        include uwsgi_params;\n        ${p};\n    }\n`).join('')}}\n`;

const inputs = [
  { path: 'sites/a.conf', text: site('uwsgi_pass unix:///run/uwsgi/app.sock', 'uwsgi_pass unix:/run/uwsgi/ap.sock', 'proxy_pass http://10.1.2.3:9999', 'uwsgi_pass 127.0.0.1:3031') },
  { path: 'sites/b.conf', text: site('uwsgi_pass localhost:3031', 'uwsgi_pass unix:/run/other.sock') },
  { path: 'app.ini', text: '[uwsgi]\nmodule = app\nsocket = /run/uwsgi/app.sock\nsocket = :3031\nharakiri = 30\n' },
  { path: 'cli.ini', text: '[uwsgi]\nmodule = other\n' },
];

describe('PairQuery', () => {
  test('the verdicts are those judgeEndpoints() computes, kept for the run', () => {
    const project = projectFromTexts(inputs, { cwd: '/project', config: { pairs: [{ nginx: 'sites/a.conf', uwsgi: 'app.ini' }] } as never });
    const query = new Query(project);
    const judged = query.pair.endpoints();
    expect(query.pair.endpoints()).toBe(judged);
    const plain = judgeEndpoints(project, pairing(project));
    const show = (js: typeof plain) => js.map((j) => `${j.pairing.target.directive.source.path.split('/').pop()}:${j.pairing.target.directive.args[0].value} ${j.verdict.kind}${j.verdict.kind === 'unknown' ? ` (${j.verdict.why})` : ''}`);
    expect(show(judged)).toEqual(show(plain));
    expect(show(judged)).toEqual([
      'a.conf:unix:///run/uwsgi/app.sock matched',
      'a.conf:unix:/run/uwsgi/ap.sock miss',
      'a.conf:http://10.1.2.3:9999 foreign',
      'a.conf:127.0.0.1:3031 matched',
      'b.conf:localhost:3031 matched',
      // b.conf is not named in "pairs": it meets cli.ini too, whose sockets come from the command line.
      'b.conf:unix:/run/other.sock unknown (cli.ini names no socket (it is given on the command line, then))',
    ]);
  });

  test('the nginx config a file belongs to, and whether "pairs" names it', () => {
    const project = projectFromTexts(inputs, { cwd: '/project', config: { pairs: [{ nginx: 'sites/a.conf', uwsgi: 'app.ini' }] } as never });
    const { pair, uwsgi } = new Query(project);
    expect(pair.nginxRoot('/project/sites/a.conf')).toBe('/project/sites/a.conf');
    expect(pair.nginxRoot('/elsewhere/x.conf')).toBe('/elsewhere/x.conf');
    expect(pair.explicitlyPaired('/project/sites/a.conf')).toBe(true);
    expect(pair.explicitlyPaired('/project/sites/b.conf')).toBe(false);
    const app = project.uwsgi.find((c) => c.file.source.path.endsWith('app.ini'))!;
    // The values the pair rules read come from the one option-value helper.
    expect(uwsgi.inForce(app, 'harakiri')).toMatchObject({ known: true, option: { value: '30' } });
    expect(uwsgi.inForce(app, 'buffer-size')).toEqual({ option: undefined, known: true });
  });
});
