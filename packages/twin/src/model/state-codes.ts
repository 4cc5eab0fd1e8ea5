// Numeric station state codes used on the hot path: the index into STATION_STATES.
export const OFF = 0;
export const IDLE = 1;
export const STARVED = 2;
export const BLOCKED = 3;
export const PRODUCING = 4;
export const FAILED = 5;
