import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findSection, parseIni, sectionItems } from './ini.js';
import { ServerConfigError } from './config-error.js';

function items(text: string, section = 'server'): Record<string, string> {
  const file = parseIni(text, 'test.conf');
  const s = findSection(file, section);
  assert.ok(s, `section [${section}] exists`);
  return Object.fromEntries([...sectionItems(file, s)].map(([k, e]) => [k, e.value]));
}

function throwsAt(text: string, line: number, pattern: RegExp): void {
  assert.throws(
    () => {
      const file = parseIni(text, 'test.conf');
      for (const s of file.sections) sectionItems(file, s);
    },
    (e: unknown) =>
      e instanceof ServerConfigError && e.line === line && e.file === 'test.conf' && pattern.test(e.message),
  );
}

describe('parseIni (Python configparser semantics)', () => {
  it('reads key = value and key: value, lower-cases keys and strips whitespace', () => {
    assert.deepEqual(items('[server]\nHostName = 127.0.0.1\nport:5696\n  \nurl = http://x:8080/a=b\n'), {
      hostname: '127.0.0.1',
      port: '5696',
      url: 'http://x:8080/a=b',
    });
  });

  it('splits at the first = or :, whichever comes first', () => {
    assert.deepEqual(items('[server]\nkey_path: C:=x\nca_path = a:b\n'), {
      key_path: 'C:=x',
      ca_path: 'a:b',
    });
  });

  it('keeps section names case-sensitive', () => {
    const file = parseIni('[Server]\na=1\n', 'test.conf');
    assert.equal(findSection(file, 'server'), undefined);
    assert.ok(findSection(file, 'Server'));
  });

  it('skips full-line comments (# and ;, indented too) but has no inline comments', () => {
    assert.deepEqual(items('# top\n[server]\n; note\n   # indented\nport = 5696 # not a comment\n'), {
      port: '5696 # not a comment',
    });
  });

  it('joins indented continuation lines with newlines, keeping inner blank lines, dropping trailing ones', () => {
    const text = '[server]\nsuites =\n    A\n\n    B\n    # comment inside\n    C\n\n\nnext = 1\n';
    assert.deepEqual(items(text), { suites: '\nA\n\nB\nC', next: '1' });
  });

  it('treats a line indented no deeper than its key as a new key', () => {
    assert.deepEqual(items('[server]\n  a = 1\n  b = 2\n    more\n'), { a: '1', b: '2\nmore' });
  });

  it('merges [DEFAULT] into every section, the section winning', () => {
    const text = '[DEFAULT]\nbase = /srv\nport = 1\n[server]\nport = 2\n';
    assert.deepEqual(items(text), { base: '/srv', port: '2' });
  });

  it('interpolates %(name)s from the section and DEFAULT, and %% as %', () => {
    const text =
      '[DEFAULT]\nroot = /etc/kmip\n[server]\nDir = %(root)s/certs\ncert = %(dir)s/server.crt\npct = 100%%\n';
    assert.deepEqual(items(text), {
      root: '/etc/kmip',
      dir: '/etc/kmip/certs',
      cert: '/etc/kmip/certs/server.crt',
      pct: '100%',
    });
  });

  it('refuses a lone %, a reference to a missing key and a reference loop, naming the line', () => {
    throwsAt('[server]\na = 1\nb = 50%\n', 3, /b: '%' must be followed/);
    throwsAt('[server]\na = %(nope)s\n', 2, /a: %\(nope\)s refers to a missing key/);
    throwsAt('[server]\na = %(b)s\nb = %(a)s\n', 2, /nested too deeply/);
  });

  it('refuses a key before any section header', () => {
    throwsAt('\n# c\nport = 5696\n[server]\n', 3, /no section header/);
  });

  it('refuses a duplicate section or key (strict), naming the second line', () => {
    throwsAt('[server]\na=1\n[server]\nb=2\n', 3, /section \[server\] appears twice/);
    throwsAt('[server]\nport=1\nPort=2\n', 3, /port: given twice/);
  });

  it('refuses a line without = or :, naming it', () => {
    throwsAt('[server]\ntls_cipher_suites=\nTLS_RSA_WITH_AES_128_CBC_SHA256\n', 3, /expected "key = value"/);
  });

  it('reads CRLF files and ignores a UTF-8 byte order mark', () => {
    assert.deepEqual(items('\uFEFF[server]\r\nport = 5696\r\nx = a\r\n  b\r\n'), { port: '5696', x: 'a\nb' });
  });

  it('records the line of every key and section', () => {
    const file = parseIni('[a]\n\nk = 1\n[b]\nj = 2\n', 'test.conf');
    assert.deepEqual(
      file.sections.map((s) => [s.name, s.line, [...s.entries.values()].map((e) => e.line)]),
      [
        ['a', 1, [3]],
        ['b', 4, [5]],
      ],
    );
  });
});
