/** openJournal: each spec kind, and bad specs reported by field without showing a password. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { MemoryJournal } from './memory-journal.ts';
import { type JournalSpec, openJournal } from './open-journal.ts';

async function specError(spec: unknown): Promise<ValidationError> {
  const err = await openJournal(spec as JournalSpec).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return err as ValidationError;
}

describe('openJournal', () => {
  it('opens a memory journal', async () => {
    const j = await openJournal({ kind: 'memory' });
    expect(j).toBeInstanceOf(MemoryJournal);
    expect(j.stats.commits).toBe(0);
  });

  const bad: [string, unknown, string][] = [
    ['no object', null, 'journal'],
    ['an unknown kind', { kind: 'mysql' }, 'journal.kind'],
    ['no kind', {}, 'journal.kind'],
    ['a sqlite spec without a path', { kind: 'sqlite' }, 'journal.path'],
    ['a blank sqlite path', { kind: 'sqlite', path: '  ' }, 'journal.path'],
    [
      'a bad synchronous setting',
      { kind: 'sqlite', path: 'x.db', synchronous: 'OFF' },
      'journal.synchronous',
    ],
    ['a postgres spec without a url', { kind: 'postgres' }, 'journal.url'],
    [
      'a schema that is not an identifier',
      { kind: 'postgres', url: 'postgres://h/db', schema: 'a;drop' },
      'journal.schema',
    ],
    ['an empty journal id', { kind: 'postgres', url: 'postgres://h/db', journalId: '' }, 'journal.journalId'],
    ['a bad pool size', { kind: 'postgres', url: 'postgres://h/db', poolSize: 0 }, 'journal.poolSize'],
  ];
  for (const [what, spec, field] of bad) {
    it(`names the field for ${what}`, async () => {
      const err = await specError(spec);
      expect(err.field).toBe(field);
      expect(err.message).toContain(field);
    });
  }

  it('never shows the password of a URL it refuses', async () => {
    for (const url of ['mysql://trader:s3cret-pw@db/x', 'postgres://trader:s3cret-pw@[bad/x']) {
      const err = await specError({ kind: 'postgres', url });
      expect(err.field).toBe('journal.url');
      expect(JSON.stringify(err)).not.toContain('s3cret-pw');
      expect(err.message).not.toContain('s3cret-pw');
    }
  });
});
