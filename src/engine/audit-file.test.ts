import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditFile } from './audit-file.ts';
import { createAuditLog, flushAuditLog } from './audit-log.ts';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agx-audit-file-'));
  dirs.push(dir);
  return join(dir, 'nested', 'audit.log');
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('AuditFile', () => {
  it('creates the directory, appends lines in order, and keeps earlier content', () => {
    const path = tempPath();
    const first = new AuditFile(path);
    first.write('one\n');
    first.end();
    const f = new AuditFile(path);
    for (let i = 0; i < 1000; i++) f.write(`line ${i} é\n`);
    f.flushSync();
    const lines = readFileSync(path, 'utf8').split('\n').slice(0, -1);
    expect(lines[0]).toBe('one');
    expect(lines.slice(1)).toEqual(Array.from({ length: 1000 }, (_, i) => `line ${i} é`));
    f.end();
  });

  it('holds lines in memory until 64 KiB are pending or 50 ms have passed', async () => {
    const path = tempPath();
    const f = new AuditFile(path);
    f.write('a\n');
    expect(readFileSync(path, 'utf8')).toBe('');
    await new Promise((r) => setTimeout(r, 120));
    expect(readFileSync(path, 'utf8')).toBe('a\n');
    const big = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 64; i++) f.write(big);
    expect(readFileSync(path, 'utf8').length).toBe(2 + 64 * 1024);
    f.end();
  });

  it('writes nothing after end(); end() is idempotent', () => {
    const path = tempPath();
    const f = new AuditFile(path);
    f.write('kept\n');
    f.end();
    f.end();
    expect(f.write('lost\n')).toBe(false);
    f.flushSync();
    expect(readFileSync(path, 'utf8')).toBe('kept\n');
    expect(f.fd).toBe(-1);
  });

  it.skipIf(!existsSync('/dev/full'))(
    'a failing write (disk full) drops the batch and warns once, never throws into the caller',
    () => {
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      const f = new AuditFile('/dev/full');
      f.write('first\n');
      expect(() => f.flushSync()).not.toThrow();
      f.write('second\n');
      f.flushSync();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/^audit log \/dev\/full: lines dropped: ENOSPC/);
      f.end();
    },
  );

  it('is what createAuditLog writes a file with; flushAuditLog writes the rest at once', async () => {
    const path = tempPath();
    const log = createAuditLog(path, 'info');
    log.info({ kind: 'test', orderId: 'o1' }, 'first');
    log.info({ kind: 'test', orderId: 'o2' }, 'second');
    expect(readFileSync(path, 'utf8')).toBe('');
    await flushAuditLog(log);
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { orderId: string; msg: string });
    expect(lines.map((l) => [l.orderId, l.msg])).toEqual([
      ['o1', 'first'],
      ['o2', 'second'],
    ]);
  });
});
