// Structured logging: one JSON object per line on stdout (errors on stderr).
import type { LogLevel } from './config.js';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  enabled(level: LogLevel): boolean;
  log(level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: LogLevel): Logger {
  const threshold = RANK[level];
  return {
    enabled: (l) => RANK[l] >= threshold,
    log(l, message, fields) {
      if (RANK[l] < threshold) return;
      const line = JSON.stringify({ time: new Date().toISOString(), level: l, msg: message, ...fields }) + '\n';
      (l === 'error' || l === 'warn' ? process.stderr : process.stdout).write(line);
    },
  };
}
