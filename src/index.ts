// The package's public API: start an emulator in this process (tests), and its types.
export { startServer, type RunningServer, type StartOptions } from './app.js';
export { DEFAULT_CONFIG, type ServerConfig, type Quotas } from './config.js';
export { VERSION } from './version.js';
