/**
 * Browser mode: the desktop app's services and renderer without the Electron binary.
 *   node src-main/browser-mode/main.ts [--port N] [--data-dir DIR] [--start-fresh] [--no-demo] [--renderer DIR]
 * Listens on 127.0.0.1 only and prints the URL with its per-launch token (launch.ts).
 *
 * This entry imports nothing but node:module: a static import is loaded and compiled before the
 * first line here runs. Node's compile cache is turned on first, so the code of every module
 * loaded after it (launch.ts and what it loads, and the service thread's, which inherits the
 * folder through NODE_COMPILE_CACHE) is read from the previous start instead of compiled again;
 * a changed file is compiled afresh. The folder is Node's default in the OS temp folder.
 */
import { enableCompileCache } from 'node:module';

const cache = enableCompileCache();
if (cache.directory) process.env.NODE_COMPILE_CACHE ??= cache.directory;

const { launch } = await import('./launch.ts');
const code = await launch();
if (code >= 0) process.exit(code);
