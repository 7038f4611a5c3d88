import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Logger, scrubText } from '../../../src-main/services/logs/logger.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir('onewindow-logger-');

describe('the logger', () => {
  it('writes one JSON line per event into a file per China date', () => {
    const dir = tempDir();
    let now = new Date('2026-12-01T15:59:00Z');
    const log = new Logger({ dir, clock: () => now });
    log.info('a', { op: 'cases/list', ms: 3 });
    now = new Date('2026-12-01T16:01:00Z');
    log.warn('b');
    expect(readdirSync(dir).sort()).toEqual(['onewindow-2026-12-01.log', 'onewindow-2026-12-02.log']);
    expect(JSON.parse(readFileSync(`${dir}/onewindow-2026-12-01.log`, 'utf8'))).toEqual({ time: '2026-12-01T15:59:00.000Z', level: 'info', event: 'a', op: 'cases/list', ms: 3 });
  });

  it('drops fields it does not know and scrubs ID and phone numbers from text', () => {
    const dir = tempDir();
    const log = new Logger({ dir });
    log.error('x', { message: '申请人 210211198706137418 电话 13987654321 无法保存', applicantName: '张三', input: '{"name":"李四"}' } as never);
    const line = JSON.parse(readFileSync(new Logger({ dir }).files()[0]!, 'utf8')) as Record<string, unknown>;
    expect(line.message).toBe('申请人 [号码已隐去] 电话 [电话已隐去] 无法保存');
    expect(line).not.toHaveProperty('applicantName');
    expect(line).not.toHaveProperty('input');
    expect(scrubText('11010519491231002X')).toBe('[号码已隐去]');
  });

  it('rotates past the size limit and keeps only the newest files', () => {
    const dir = tempDir();
    let day = 1;
    const log = new Logger({ dir, clock: () => new Date(`2026-11-${String(day).padStart(2, '0')}T02:00:00Z`), maxBytes: 200, keepFiles: 4 });
    for (let i = 0; i < 6; i += 1) log.info('fill', { op: 'cases/list', reason: 'x'.repeat(80) });
    expect(readdirSync(dir).sort()).toEqual(['onewindow-2026-11-01.1.log', 'onewindow-2026-11-01.2.log', 'onewindow-2026-11-01.log']);
    for (day = 2; day <= 4; day += 1) log.info('next day');
    expect(log.files().map((f) => f.slice(dir.length + 1))).toEqual(['onewindow-2026-11-01.2.log', 'onewindow-2026-11-02.log', 'onewindow-2026-11-03.log', 'onewindow-2026-11-04.log']);
  });
});
