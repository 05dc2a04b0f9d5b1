/** The working-day calendar now lives in src/calendar/ (shared with the wall board); the publisher imports it from here as before. */
export * from '../../src/calendar/working-days.ts';
