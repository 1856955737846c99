/** Where Temporal is, from the environment, with the defaults of a laptop running `crmhub dev`. */
export const TASK_QUEUE = process.env.CRMHUB_TASK_QUEUE?.trim() || 'crmhub';
export const DEV_SERVER_ADDRESS = '127.0.0.1:7233';
export const DEV_UI_PORT = 8233;

export function temporalAddressFromEnv(): string | null {
  return process.env.TEMPORAL_ADDRESS?.trim() || null;
}

export function temporalNamespace(): string {
  return process.env.TEMPORAL_NAMESPACE?.trim() || 'default';
}
