// nginx/bom: a UTF-8 byte-order mark at the start of an nginx file (nginx reads it as part of the
// first directive's name), reported at the very start; one elsewhere is just a character.
import { ruleTester } from '../support/rule-tester.js';

const MESSAGE = 'the file starts with a UTF-8 byte-order mark: nginx reads it as part of the first directive name and fails with "unknown directive"; save the file as UTF-8 without a BOM';

ruleTester('nginx/bom').run({
  valid: [
    { name: 'no byte-order mark', files: 'server {\n    listen 80;\n}\n' },
    { name: 'a U+FEFF inside a comment, not at the start', files: 'server {\n    listen 80; # \ufeff\n}\n' },
  ],
  invalid: [
    { name: 'a byte-order mark before the first directive', files: '\ufeffserver {\n    listen 80;\n}\n', errors: [{ at: '1:1-1:1', severity: 'error', message: MESSAGE }] },
    { name: 'a byte-order mark before a comment line', files: '\ufeff# site\nserver {\n    listen 80;\n}\n', errors: [{ at: '1:1-1:1', severity: 'error', message: MESSAGE }] },
  ],
});
