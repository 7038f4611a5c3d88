/** Structured logs (pino, one JSON object a line on stdout). Never log tokens, secrets or personal data. */
import pino, { type Logger } from 'pino';

/** `fd` 1 for the server (its log is its output); 2 for commands, whose stdout is their JSON answer. */
export function createLogger(level: string, fd: 1 | 2 = 1): Logger {
  return pino({
    level,
    base: { service: 'onewindow-gateway', pid: process.pid },
    redact: { paths: ['req.headers.authorization', '*.deviceSecret', '*.accessToken', '*.password', '*.personal'], censor: '[redacted]' },
  }, pino.destination({ fd, sync: fd === 2 }));
}
export type { Logger };
