// The package's public API: start an emulator in this process (tests), wait for resources, and the types.
export { startServer, type RunningServer, type StartOptions } from './app.js';
export { DEFAULT_CONFIG, QUOTAS, StartupError, type ServerConfig, type Quotas, type QuotaKey } from './config.js';
export { waitForImage, waitForImageBuilder, WaitError, type AppStreamClientLike, type ClockTarget, type WaitOptions } from './waiters.js';
export { VERSION } from './version.js';
