import { parseArgs } from 'node:util';

/**
 * The command line's grammar, parsed without side effects so a mistake is a usage error (exit 2)
 * with a Chinese message, never a stack trace:
 *   onewindow <operation> [JSON | -] [--input-file PATH|-] [--input-key KEY] [--user NAME] [--data-dir DIR]
 *   onewindow --list | --help
 * Where the input comes from: the JSON argument, or `-` (standard input), or `--input-file`.
 * A catalogue is larger than a command line may be (about 128 KB), hence the file and stdin.
 */
export interface ParsedArgs {
  kind: 'run';
  operation: string;
  /** Where the JSON input comes from; none means `{}`. */
  input: { from: 'argument'; text: string } | { from: 'stdin' } | { from: 'file'; path: string } | { from: 'none' };
  /** Puts the input under this key: `--input-key catalogue` turns a catalogue file into `{ catalogue: … }`. */
  inputKey: string | undefined;
  user: string | undefined;
  dataDir: string | undefined;
  startFresh: boolean;
}

/** `verify-notice <link | ->`: checks a printed notice's QR text (verify/notice), exit 6 when it fails. */
export interface VerifyNoticeArgs {
  kind: 'verify-notice';
  link: { from: 'argument'; text: string } | { from: 'stdin' };
  publicKey: string | undefined;
  dataDir: string | undefined;
  startFresh: boolean;
}

export type CliCommand = ParsedArgs | VerifyNoticeArgs | { kind: 'help' } | { kind: 'list' } | { kind: 'usage-error'; message: string };

export const helpText = `一窗通 OneWindow 命令行（与界面相同的操作表、校验与权限检查）

用法：
  bin/onewindow <操作名> [JSON 输入 | -] [选项]
  bin/onewindow verify-notice '<二维码内容>' [--public-key <公钥>]
                                  核验通知书二维码（SM2 签名）；不通过时退出码为 6
  bin/onewindow --list            列出全部操作及可调用的角色（JSON）
  bin/onewindow --help            显示本说明

输入（三选一，缺省为 {}）：
  '<JSON>'                        命令行上的 JSON（用单引号包住）
  -                               从标准输入读取 JSON
  --input-file <路径>             从文件读取 JSON（"-" 表示标准输入）
  --input-key <键名>              把读到的 JSON 作为该键的值，例如 --input-key catalogue
                                  把目录文件包成 {"catalogue": …}

选项：
  --user <用户名>                 以该用户身份调用；密码取自环境变量 ONEWINDOW_PASSWORD
  --data-dir <目录>               数据目录（缺省为本机的用户数据目录，或 ONEWINDOW_DATA_DIR）
  --start-fresh                   数据库无法打开时另存旧文件并新建
  --public-key <公钥>             verify-notice：签发设备的 SM2 公钥（04 开头 130 位十六进制），
                                  核验其他电脑签发的通知书时使用

输出：结果为 JSON，写到标准输出；错误为 JSON {"error":{code,message,field}}，写到标准错误。
退出码：0 成功，2 用法错误或未知操作，3 身份验证或权限，4 输入无效或 JSON 格式错误，
        5 数据库无法打开，6 通知书核验未通过（verify-notice），1 其他错误。

示例：
  bin/onewindow system/info
  ONEWINDOW_PASSWORD=Demo@2026 bin/onewindow cases/list '{"query":"张"}' --user clerk
  ONEWINDOW_PASSWORD=Demo@2026 bin/onewindow catalogue/export --user admin > catalogue.json
  ONEWINDOW_PASSWORD=Demo@2026 bin/onewindow catalogue/import --input-file catalogue.json --input-key catalogue --user admin
  bin/onewindow verify-notice 'https://zwfw.example.gov.cn/verify/notice?v=1&t=A&n=…'
`;

/** parseArgs' own messages are English and name its internals; ours say what to type instead. */
function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `不认识的选项 ${option ?? ''}。运行 bin/onewindow --help 查看全部选项。`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `选项 ${option ?? ''} 缺少取值。运行 bin/onewindow --help 查看用法。`;
  return `命令行无法解析（${message}）。运行 bin/onewindow --help 查看用法。`;
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        list: { type: 'boolean', default: false },
        user: { type: 'string' },
        'data-dir': { type: 'string' },
        'start-fresh': { type: 'boolean', default: false },
        'input-file': { type: 'string' },
        'input-key': { type: 'string' },
        'public-key': { type: 'string' },
      },
    });
  } catch (error) {
    return { kind: 'usage-error', message: describeParseError(error) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.list) return { kind: 'list' };
  const [operation, inputArgument, ...extra] = positionals;
  if (operation === 'verify-notice') return verifyNoticeArgs(inputArgument, extra, values);
  if (values['public-key'] !== undefined) return { kind: 'usage-error', message: '--public-key 只用于 verify-notice。' };
  if (!operation) return { kind: 'usage-error', message: '缺少操作名。用法：bin/onewindow <操作名> [JSON 输入] --user 用户名；--list 列出全部操作，--help 查看说明。' };
  if (extra.length > 0) {
    return { kind: 'usage-error', message: `多余的参数：${extra.join(' ')}。JSON 输入只能有一个，请用单引号把整个 JSON 包住。` };
  }
  const file = values['input-file'];
  if (file !== undefined && inputArgument !== undefined) {
    return { kind: 'usage-error', message: '输入只能给一次：命令行上的 JSON（或 -）与 --input-file 不能同时使用。' };
  }
  if (values['input-key'] !== undefined && values['input-key'].trim() === '') {
    return { kind: 'usage-error', message: '--input-key 需要一个键名，例如 --input-key catalogue。' };
  }
  let input: ParsedArgs['input'] = { from: 'none' };
  if (file === '-' || inputArgument === '-') input = { from: 'stdin' };
  else if (file !== undefined) input = { from: 'file', path: file };
  else if (inputArgument !== undefined) input = { from: 'argument', text: inputArgument };
  if (values['input-key'] !== undefined && input.from === 'none') {
    return { kind: 'usage-error', message: '--input-key 需要与输入一起使用（JSON、- 或 --input-file）。' };
  }
  return {
    kind: 'run',
    operation,
    input,
    inputKey: values['input-key'],
    user: values.user,
    dataDir: values['data-dir'],
    startFresh: values['start-fresh'],
  };
}

function verifyNoticeArgs(
  link: string | undefined,
  extra: readonly string[],
  values: { 'public-key'?: string | undefined; 'data-dir'?: string | undefined; 'start-fresh'?: boolean | undefined; user?: string | undefined; 'input-file'?: string | undefined },
): CliCommand {
  if (link === undefined || link.trim() === '') {
    return { kind: 'usage-error', message: "缺少核验码。用法：bin/onewindow verify-notice '<扫描二维码得到的完整内容>'（用单引号包住，或用 - 从标准输入读取）。" };
  }
  if (extra.length > 0) {
    return { kind: 'usage-error', message: `多余的参数：${extra.join(' ')}。核验码含 & 等字符，请用单引号把整个核验码包住。` };
  }
  if (values.user !== undefined || values['input-file'] !== undefined) {
    return { kind: 'usage-error', message: 'verify-notice 不需要 --user 或 --input-file：任何人都可以核验通知书。' };
  }
  return {
    kind: 'verify-notice',
    link: link === '-' ? { from: 'stdin' } : { from: 'argument', text: link },
    publicKey: values['public-key'],
    dataDir: values['data-dir'],
    startFresh: values['start-fresh'] ?? false,
  };
}
