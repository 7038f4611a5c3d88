import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Structured logs in the data folder: one JSON object per line, one file per China date
 * (`logs/onewindow-2026-12-02.log`, then `.1.log`, `.2.log`… past `maxBytes`), the newest
 * `keepFiles` kept. IT reads them in the diagnostic bundle.
 *
 * No personal data in clear: a log line records what happened (which operation, how long, the
 * error code and field), never what was entered. Only the fields named in `allowedFields` are
 * written; anything else given is dropped, and every text value is scrubbed of what looks like an
 * ID number or a phone number, so a message that quotes an input cannot carry one either.
 */
export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

const allowedFields = new Set([
  'op', 'ok', 'code', 'field', 'ms', 'role', 'userId', 'deviceId', 'caseId', 'count', 'version', 'schemaVersion',
  'backup', 'bytes', 'path', 'reason', 'message', 'problems', 'rows', 'thread', 'keep', 'state',
]);

const idNumberLike = /\d{6}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx]|\d{15,}/g;
const phoneLike = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** Masks what could be an ID number or a phone number in a text meant for a log. */
export function scrubText(text: string): string {
  return text.replace(idNumberLike, '[号码已隐去]').replace(phoneLike, '[电话已隐去]');
}

export interface LoggerOptions {
  dir: string;
  clock?: () => Date;
  maxBytes?: number;
  keepFiles?: number;
}

export class Logger {
  readonly dir: string;
  private readonly clock: () => Date;
  private readonly maxBytes: number;
  private readonly keepFiles: number;
  private lastFile = '';

  constructor(options: LoggerOptions) {
    this.dir = options.dir;
    this.clock = options.clock ?? (() => new Date());
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.keepFiles = options.keepFiles ?? 30;
  }

  info(event: string, fields: LogFields = {}): void {
    this.write('info', event, fields);
  }

  warn(event: string, fields: LogFields = {}): void {
    this.write('warn', event, fields);
  }

  error(event: string, fields: LogFields = {}): void {
    this.write('error', event, fields);
  }

  /** The log files, oldest first. */
  files(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((name) => /^onewindow-\d{4}-\d{2}-\d{2}(\.\d+)?\.log$/.test(name))
      .sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
      .map((name) => join(this.dir, name));
  }

  private write(level: LogLevel, event: string, fields: LogFields): void {
    const line: Record<string, string | number | boolean | null> = { time: this.clock().toISOString(), level, event: scrubText(event) };
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined || !allowedFields.has(key)) continue;
      line[key] = typeof value === 'string' ? scrubText(value) : value;
    }
    // A log that cannot be written must never stop the work it records.
    try {
      appendFileSync(this.fileFor(), `${JSON.stringify(line)}\n`);
    } catch (error) {
      console.error(`[log] 无法写入日志 ${this.dir}：${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }

  private fileFor(): string {
    mkdirSync(this.dir, { recursive: true });
    const date = new Date(this.clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    let path = join(this.dir, `onewindow-${date}.log`);
    for (let part = 1; existsSync(path) && statSync(path).size >= this.maxBytes; part += 1) path = join(this.dir, `onewindow-${date}.${part}.log`);
    if (path !== this.lastFile) {
      this.lastFile = path;
      // Room for the file about to be written: the newest keepFiles - 1 others stay.
      const others = this.files().filter((file) => file !== path);
      for (const old of others.slice(0, Math.max(0, others.length - (this.keepFiles - 1)))) rmSync(old, { force: true });
    }
    return path;
  }
}

/** `onewindow-2026-12-02.log` before `.1.log` before `.10.log`. */
function sortKey(name: string): string {
  const match = /^onewindow-(\d{4}-\d{2}-\d{2})(?:\.(\d+))?\.log$/.exec(name);
  return `${match?.[1] ?? ''}.${(match?.[2] ?? '0').padStart(6, '0')}`;
}

export function logsDir(dataDir: string): string {
  return join(dataDir, 'logs');
}
