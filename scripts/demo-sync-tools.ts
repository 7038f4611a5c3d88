/**
 * What `npm run demo:sync` offers its watcher besides the apps: the command that issues more
 * registration codes against the running demo (its database address and data key are made up
 * at start), and a switch that stops and starts the gateway alone, so the apps see the platform
 * go away and come back on the same address (Ctrl-Z would pause the whole demo, apps included:
 * they run in its process).
 */
import { demoCentreNames, type DemoGateway } from './sync-gateway.ts';

const quoted = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

/** A shell command, run from the repository, that prints a new code of `centre` as JSON. */
export function issueCodeCommand(gateway: DemoGateway, dataKey: string, centre = '210211', role: 'window' | 'backoffice' = 'window'): string {
  // The name too: a centre new to the gateway needs it, and for a known one it is the same.
  const name = demoCentreNames[centre];
  return `GATEWAY_DATA_KEY=${dataKey} npm run gateway -- issue-code --centre ${centre} --role ${role}${name ? ` --name ${name}` : ''} --database-url ${quoted(gateway.databaseUrl)} --data-dir ${quoted(gateway.dataDir)}`;
}

/** Stops the running gateway, or starts the stopped one again on its address; says which. */
export function gatewaySwitch(gateway: DemoGateway): () => Promise<string> {
  let stopped = false;
  return async () => {
    if (stopped) {
      await gateway.startProcess();
      stopped = false;
      return `前置服务已恢复（${gateway.url}）：各台电脑几秒内自动补发，状态栏回到“在线”。`;
    }
    await gateway.stopProcess();
    stopped = true;
    return '前置服务已停止（三台一窗通照常运行）：现在受理，状态栏显示“离线 · 待发送”。再输入 g 回车恢复。';
  };
}
