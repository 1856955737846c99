/**
 * The console's settings, from the environment and the command line (no configuration file, like
 * the rest of crmhub).
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';

export const ConsoleConfig = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  /** Where uploads are stored under random names; workers must see the same path (shared mount). */
  uploadDir: z.string().min(1),
  maxUploadBytes: z.number().int().positive(),
  /** Secure cookies (HTTPS, or http://localhost, which browsers treat as secure). */
  secureCookies: z.boolean(),
  sessionHours: z.number().positive(),
  /** Temporal Web UI, for links to a run's history and a schedule. */
  temporalUiUrl: z.string().url(),
  namespace: z.string().min(1),
  /** Time zone dates are shown in. */
  timeZone: z.string().min(1),
  /** Logins allowed per client address per minute. */
  loginPerMinute: z.number().int().positive(),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfig>;

export function consoleConfigFromEnv(o: { port?: number; host?: string } = {}): ConsoleConfig {
  const env = process.env;
  return ConsoleConfig.parse({
    host: o.host ?? env.CRMHUB_CONSOLE_HOST ?? '127.0.0.1',
    port: o.port ?? Number(env.CRMHUB_CONSOLE_PORT ?? 8080),
    uploadDir: resolve(env.CRMHUB_UPLOAD_DIR ?? join(env.CRMHUB_DATA_DIR ?? join(process.cwd(), '.crmhub'), 'uploads')),
    maxUploadBytes: Number(env.CRMHUB_CONSOLE_MAX_UPLOAD_MB ?? 512) * 1024 * 1024,
    secureCookies: env.CRMHUB_CONSOLE_INSECURE_COOKIES ? false : true,
    sessionHours: Number(env.CRMHUB_CONSOLE_SESSION_HOURS ?? 12),
    temporalUiUrl: env.CRMHUB_TEMPORAL_UI_URL ?? 'http://127.0.0.1:8233',
    namespace: env.TEMPORAL_NAMESPACE?.trim() || 'default',
    timeZone: env.CRMHUB_CONSOLE_TIME_ZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    loginPerMinute: Number(env.CRMHUB_CONSOLE_LOGINS_PER_MINUTE ?? 10),
  });
}
