/**
 * The command-line entry for IT: the same store, the same API table, the same checks.
 * `bin/onewindow --help` says how to call it. The password of --user comes from
 * ONEWINDOW_PASSWORD (never from the command line, where other users could read it). stdout
 * carries only the result's JSON (or the help text); errors go to stderr as JSON.
 */
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { helpText, parseCliArgs, type ParsedArgs } from './args.ts';
import type { CliOutcome } from './run.ts';

/** Exit codes (README): kept here too so help and usage errors answer without loading the services. */
const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

function usageFailure(message: string): CliOutcome {
  return { exitCode: exitCodes.usage, stderr: JSON.stringify({ error: { code: 'USAGE', message } }, null, 2) };
}

async function readInput(input: ParsedArgs['input']): Promise<{ text: string | undefined; source: string } | CliOutcome> {
  switch (input.from) {
    case 'none':
      return { text: undefined, source: '输入' };
    case 'argument':
      return { text: input.text, source: '命令行上的输入' };
    case 'stdin':
      return { text: await text(process.stdin), source: '标准输入' };
    case 'file':
      try {
        return { text: await readFile(input.path, 'utf8'), source: `输入文件 ${input.path} ` };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? '不存在' : code === 'EACCES' ? '没有读取权限' : code === 'EISDIR' ? '是一个文件夹' : `无法读取（${code ?? String(error)}）`;
        return usageFailure(`输入文件 ${input.path} ${why}。请检查路径（相对于当前目录）。`);
      }
  }
}

async function main(argv: readonly string[]): Promise<CliOutcome> {
  const command = parseCliArgs(argv);
  switch (command.kind) {
    case 'help':
      return { exitCode: exitCodes.ok, stdout: helpText.trimEnd() };
    case 'list':
      return (await import('./run.ts')).listOperations();
    case 'usage-error':
      return usageFailure(command.message);
    case 'verify-notice': {
      const link = command.link.from === 'stdin' ? (await text(process.stdin)).trim() : command.link.text;
      const { verifyNotice } = await import('./run.ts');
      return verifyNotice({ link, publicKey: command.publicKey, dataDir: command.dataDir, startFresh: command.startFresh });
    }
  }
  const input = await readInput(command.input);
  if ('exitCode' in input) return input;
  const { runCli } = await import('./run.ts');
  return runCli({
    operation: command.operation,
    inputText: input.text,
    inputSource: input.source,
    inputKey: command.inputKey,
    user: command.user,
    password: process.env.ONEWINDOW_PASSWORD,
    dataDir: command.dataDir,
    startFresh: command.startFresh,
  });
}

let outcome: CliOutcome;
try {
  outcome = await main(process.argv.slice(2));
} catch (error) {
  // Scripts read stderr as JSON: even a failure nobody foresaw is reported that way.
  const message = error instanceof Error ? error.message : String(error);
  outcome = { exitCode: exitCodes.failed, stderr: JSON.stringify({ error: { code: 'INTERNAL', message: `命令执行失败：${message}` } }, null, 2) };
}
if (outcome.stdout) process.stdout.write(`${outcome.stdout}\n`);
if (outcome.stderr) process.stderr.write(`${outcome.stderr}\n`);
process.exitCode = outcome.exitCode;
