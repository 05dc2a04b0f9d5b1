/** The working-day calendar now lives in src/contract/ (shared with the wall board); the publisher imports it from here as before. */
export * from '../../src/contract/working-days.ts';
