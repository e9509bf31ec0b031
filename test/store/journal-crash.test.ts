/**
 * A process appending to a journal is SIGKILLed mid-stream: after reopening, every append that had
 * resolved is there, and what is stored is a prefix of the sequence appended (nothing out of order, no
 * hole). For SQLite and PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type JournalSpec, openJournal } from '../../src/store/index.ts';
import { dropSchemas, PG_URL, tempDir, uniqueSchema } from './journal-support.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/journal-crash-child.ts', import.meta.url));
/** Resolved appends to see before the kill. */
const KILL_AFTER = 300;

const tmp = tempDir('crash');
const schemas: string[] = [];
afterAll(async () => {
  tmp.remove();
  await dropSchemas(schemas);
});

/** Runs the child until KILL_AFTER appends resolved, SIGKILLs it; returns the resolved event numbers. */
function appendUntilKilled(spec: JournalSpec): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(spec)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const resolved: number[] = [];
    let buffer = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (/^\d+$/.test(line)) resolved.push(Number(line));
      if (!killed && resolved.length >= KILL_AFTER) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killed) resolve(resolved);
      else reject(new Error(`child ended before the kill (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

const cases: [string, () => JournalSpec][] = [
  ['sqlite', () => ({ kind: 'sqlite', path: `${tmp.dir}/crash/journal.db` })],
  [
    'postgres',
    () => {
      const schema = uniqueSchema('crash');
      schemas.push(schema);
      return { kind: 'postgres', url: PG_URL, schema, journalId: 'crash' };
    },
  ],
];

describe.each(cases)('%s journal, process killed mid-stream', (_kind, makeSpec) => {
  it('keeps every append that resolved, and the stored events are a prefix of the sequence', async () => {
    const spec = makeSpec();
    const resolved = await appendUntilKilled(spec);
    expect(resolved.length).toBeGreaterThanOrEqual(KILL_AFTER);
    const journal = await openJournal(spec);
    const ids = (await journal.load()).map((e) => e.orderId);
    await journal.close();
    expect(ids).toEqual(ids.map((_, i) => `e${i}`));
    const highest = Math.max(...resolved);
    expect(ids.length).toBeGreaterThan(highest);
  });
});
