// The package version, set by the bundler; 'dev' when running from source (tests).
declare const __AZSQL_MI_SETUP_VERSION__: string | undefined;

export const VERSION: string = typeof __AZSQL_MI_SETUP_VERSION__ === 'string' ? __AZSQL_MI_SETUP_VERSION__ : 'dev';
