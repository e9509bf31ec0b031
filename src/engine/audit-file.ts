/**
 * AuditFile: the audit log's file destination. Lines are appended in the order they are written,
 * gathered in memory and written with one system call per 64 KiB or per 50 ms, whichever comes first,
 * so that a busy gateway does not pay a system call per line. (pino's own file stream measures its whole
 * pending buffer again on every line: under load that cost more than formatting the line.) `flushSync()`
 * writes whatever is pending; it runs on shutdown (flushAuditLog) and when the process exits. A write
 * that fails (disk full) drops the batch and warns once: the audit log never stops order handling.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Pending characters that trigger a write. */
const FLUSH_CHARS = 64 * 1024;
/** Longest a line waits in memory, ms. */
const FLUSH_MS = 50;

/** Files still open: written out when the process exits. */
const open = new Set<AuditFile>();
let exitHook = false;

/** An append-only, batched line writer (a pino destination). */
export class AuditFile {
  readonly path: string;
  #fd: number;
  #parts: string[] = [];
  #chars = 0;
  #timer: NodeJS.Timeout | undefined;
  #warned = false;

  /** Opens (creating it and its directory if needed) `path` for appending. */
  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.path = path;
    this.#fd = openSync(path, 'a');
    open.add(this);
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => {
        for (const f of open) f.flushSync();
      });
    }
  }

  /** The file descriptor (-1 once closed). */
  get fd(): number {
    return this.#fd;
  }

  /** Appends one line (as pino gives it, newline included). */
  write(line: string): boolean {
    if (this.#fd < 0) return false;
    this.#parts.push(line);
    this.#chars += line.length;
    if (this.#chars >= FLUSH_CHARS) this.flushSync();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.flushSync();
      }, FLUSH_MS);
      this.#timer.unref();
    }
    return true;
  }

  /** Writes every pending line now. */
  flushSync(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#parts.length === 0 || this.#fd < 0) return;
    const text = this.#parts.join('');
    this.#parts = [];
    this.#chars = 0;
    try {
      const written = writeSync(this.#fd, text);
      // a file takes the whole write but for a signal or a full disk: the rest goes byte-exact
      if (written < Buffer.byteLength(text)) {
        const data = Buffer.from(text, 'utf8');
        for (let off = written; off < data.length; ) off += writeSync(this.#fd, data, off);
      }
    } catch (e) {
      if (!this.#warned) {
        this.#warned = true;
        process.emitWarning(`audit log ${this.path}: lines dropped: ${(e as Error).message}`);
      }
    }
  }

  /** Writes what is pending and closes the file. */
  end(): void {
    if (this.#fd < 0) return;
    this.flushSync();
    closeSync(this.#fd);
    this.#fd = -1;
    open.delete(this);
  }
}
