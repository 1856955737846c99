/** Where Temporal is, from the environment, with the defaults of a laptop running `crmhub dev`. */
export const TASK_QUEUE = process.env.CRMHUB_TASK_QUEUE?.trim() || 'crmhub';
/** Where `crmhub dev` serves; CRMHUB_DEV_SERVER_ADDRESS moves it (tests use it to force an ephemeral server). */
export const DEV_SERVER_ADDRESS = process.env.CRMHUB_DEV_SERVER_ADDRESS?.trim() || '127.0.0.1:7233';
export const DEV_UI_PORT = 8233;

export function temporalAddressFromEnv(): string | null {
  return process.env.TEMPORAL_ADDRESS?.trim() || null;
}

export function temporalNamespace(): string {
  return process.env.TEMPORAL_NAMESPACE?.trim() || 'default';
}
