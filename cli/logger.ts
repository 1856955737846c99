/** Logs go to stderr, so `--json` leaves stdout to exactly one JSON document. */
import pino from 'pino';

export const logger = pino({ level: process.env.CRMHUB_LOG_LEVEL || 'warn', base: undefined }, pino.destination(2));
