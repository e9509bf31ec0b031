import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditLog, createAuditLog, SecretRedactor } from './audit-log.ts';

afterEach(() => vi.restoreAllMocks());

/** Lines written to a sink, one per write. */
function sink(): { lines: string[]; write(line: string): void } {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
}

/** pino set up as the audit log was before it had its own writer: the reference for the line format. */
function pinoReference(redactor: SecretRedactor, out: { write(line: string): void }) {
  return pino(
    {
      level: 'info',
      base: { component: 'ag-exec' },
      timestamp: pino.stdTimeFunctions.epochTime,
      formatters: { log: (obj) => redactor.scrub(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            const a: unknown = args[i];
            if (typeof a === 'string') args[i] = redactor.scrubString(a);
          }
          method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    out,
  );
}

describe('AuditLog', () => {
  it('writes the same bytes as pino for the same call', () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_795_822_868_420);
    const redactor = new SecretRedactor();
    redactor.addSecret('s3cr3t-value');
    const ours = sink();
    const theirs = sink();
    const log = new AuditLog('info', ours, redactor);
    const ref = pinoReference(redactor, theirs);
    const calls: Array<[object, string | undefined]> = [
      [
        {
          kind: 'order',
          event: 'Submitted',
          orderId: 'o1',
          venueOrderId: undefined,
          from: 'Pending',
          to: 'Submitting',
        },
        'Submitted: Pending -> Submitting',
      ],
      [{ kind: 'reconciliation', counts: { adopted: 0, closed: 2 }, mismatches: ['a "quoted" one'] }, 'ok'],
      [{ kind: 'fill', price: '0.45', size: '10', note: 'é ü \n tab\t and \\ back' }, 'Filled: x'],
      [
        { apiKey: 'AKIA', nested: { privateKey: '0xdead', list: [{ token: 't' }] } },
        'has s3cr3t-value in it',
      ],
      [{ kind: 'failure', error: new Error('boom') }, undefined],
      [{}, 'empty'],
    ];
    for (const [fields, msg] of calls) {
      log.info(fields, msg);
      if (msg === undefined) ref.info(fields);
      else ref.info(fields, msg);
    }
    expect(ours.lines).toEqual(theirs.lines);
    expect(ours.lines.join('')).not.toMatch(/AKIA|0xdead|s3cr3t-value/);
  });

  it('filters by level; silent and no destination write nothing', () => {
    const out = sink();
    const warnOnly = new AuditLog('warn', out);
    expect(warnOnly.isLevelEnabled('info')).toBe(false);
    expect(warnOnly.isLevelEnabled('error')).toBe(true);
    warnOnly.info({ a: 1 }, 'dropped');
    warnOnly.error({ a: 2 }, 'kept');
    expect(out.lines.map((l) => JSON.parse(l) as { level: number; msg: string })).toMatchObject([
      { level: 50, msg: 'kept' },
    ]);
    const silent = new AuditLog('silent', out);
    silent.fatal({}, 'no');
    expect(createAuditLog(false).isLevelEnabled('fatal')).toBe(false);
    expect(out.lines).toHaveLength(1);
  });

  it('refuses an unknown level, naming the levels it knows', () => {
    expect(() => new AuditLog('verbose', sink())).toThrow(
      /audit log level "verbose" must be one of trace, debug, info, warn, error, fatal, silent/,
    );
  });

  it('a value JSON cannot hold (bigint, a cycle) never throws into the caller', () => {
    const out = sink();
    const log = new AuditLog('info', out);
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    const shared = { id: 's' };
    log.info({ size: 5n, cyclic, a: shared, b: shared }, 'odd values');
    expect(JSON.parse(out.lines[0]!)).toMatchObject({
      size: '5',
      cyclic: { name: 'c', self: '[Circular]' },
      a: { id: 's' },
      b: { id: 's' },
      msg: 'odd values',
    });
    const throwing = {
      toJSON() {
        throw new Error('no');
      },
    };
    expect(() => log.info({ throwing }, 'skipped')).not.toThrow();
    expect(out.lines).toHaveLength(1);
  });
});
