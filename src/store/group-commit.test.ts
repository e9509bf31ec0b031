/** GroupCommit: batching while a commit is in flight, call order, failures per batch, flush. */
import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A commit function whose commits the test finishes by hand. */
function manualCommits() {
  const batches: string[][] = [];
  const finish: ((error?: Error) => void)[] = [];
  const commit = (items: readonly string[]): Promise<void> => {
    batches.push([...items]);
    return new Promise<void>((resolve, reject) => {
      finish.push((error) => (error ? reject(error) : resolve()));
    });
  };
  return { batches, finish, commit };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('batches what arrives while a commit is in flight into the next commit, in call order', async () => {
    const { batches, finish, commit } = manualCommits();
    const group = new GroupCommit<string>(commit, (e) => e as Error);
    const done: string[] = [];
    const add = (s: string) => group.add(s).then(() => done.push(s));
    const a = add('a');
    await turn();
    expect(batches).toEqual([['a']]);
    const rest = ['b', 'c', 'd'].map(add);
    await turn();
    expect(batches).toEqual([['a']]); // b, c, d wait: one commit at a time
    expect(group.pending).toBe(3);
    finish[0]!();
    await a;
    await turn();
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    expect(done).toEqual(['a']);
    finish[1]!();
    await Promise.all(rest);
    expect(done).toEqual(['a', 'b', 'c', 'd']);
    expect(group.stats).toEqual({ appends: 4, commits: 2, maxBatch: 3, failures: 0 });
  });

  it('with a depth of two, the next batch goes out while one is in flight; a third waits', async () => {
    const { batches, finish, commit } = manualCommits();
    const group = new GroupCommit<string>(commit, (e) => e as Error, 5000, 2);
    const done: string[] = [];
    const add = (s: string) =>
      group.add(s).then(
        () => done.push(s),
        () => done.push(`${s}!`),
      );
    const all = [add('a')];
    await turn();
    all.push(add('b'), add('c'));
    await turn();
    expect(batches).toEqual([['a'], ['b', 'c']]);
    all.push(add('d'));
    await turn();
    expect(batches).toHaveLength(2); // two in flight: d waits
    expect(group.pending).toBe(1);
    finish[0]!(new Error('disk full'));
    await turn();
    expect(batches).toEqual([['a'], ['b', 'c'], ['d']]); // a's failure let d go; b, c are still in flight
    finish[1]!();
    finish[2]!();
    const flushed = group.flush();
    await Promise.all(all);
    await flushed;
    expect(done).toEqual(['a!', 'b', 'c', 'd']);
    expect(group.stats).toEqual({ appends: 4, commits: 2, maxBatch: 2, failures: 1 });
    expect(() => new GroupCommit<string>(commit, (e) => e as Error, 10, 0)).toThrow(/depth/);
  });

  it('a failed commit rejects its whole batch with the wrapped error; the next batch is tried', async () => {
    const { batches, finish, commit } = manualCommits();
    const group = new GroupCommit<string>(commit, (e, n) => new Error(`${n} lost: ${(e as Error).message}`));
    const first = ['a', 'b'].map((s) => group.add(s));
    await turn();
    finish[0]!(new Error('disk full'));
    const results = await Promise.allSettled(first);
    expect(results.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([
      '2 lost: disk full',
      '2 lost: disk full',
    ]);
    const next = group.add('c');
    await turn();
    finish[1]!();
    await next;
    expect(batches).toEqual([['a', 'b'], ['c']]);
    expect(group.stats).toEqual({ appends: 3, commits: 1, maxBatch: 1, failures: 2 });
  });

  it('flush() commits what is queued without waiting for the next turn, and respects maxBatch', async () => {
    const batches: string[][] = [];
    const group = new GroupCommit<string>(
      (items) => void batches.push([...items]),
      (e) => e as Error,
      2,
    );
    const all = ['a', 'b', 'c', 'd', 'e'].map((s) => group.add(s));
    await group.flush();
    expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    await Promise.all(all);
    expect(group.pending).toBe(0);
  });
});
