/**
 * The command-line entry for IT: the same store, the same API table, the same checks.
 *   npm run cli -- <operation> ['<json input>'] [--user NAME] [--data-dir DIR]
 *   npm run cli -- --list
 * The password of --user comes from ONEWINDOW_PASSWORD (never from the command line, where
 * other users could read it). Prints the result as JSON; errors go to stderr as JSON.
 */
import { parseArgs } from 'node:util';
import { runCli } from './run.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    user: { type: 'string' },
    'data-dir': { type: 'string' },
    'start-fresh': { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
  },
});

const outcome = await runCli({
  operation: positionals[0],
  inputJson: positionals[1],
  user: values.user,
  password: process.env.ONEWINDOW_PASSWORD,
  dataDir: values['data-dir'],
  startFresh: values['start-fresh'],
  list: values.list,
});
if (outcome.stdout) process.stdout.write(`${outcome.stdout}\n`);
if (outcome.stderr) process.stderr.write(`${outcome.stderr}\n`);
process.exitCode = outcome.exitCode;
