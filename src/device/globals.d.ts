/** Injected by vite.config.ts: package version and build time. */
declare const __APP_VERSION__: string;
