/**
 * A module loaded on first use. Under bin/crmhub.cjs, TypeScript loads through tsx's require hook
 * (Node's own import() cannot resolve an extensionless .ts path); under vitest, through import().
 */
export function lazyModule<T>(load: { require: () => T; import: () => Promise<T> }): () => Promise<T> {
  let pending: Promise<T> | null = null;
  const hooked = typeof require === 'function' && typeof require.extensions === 'object' && '.ts' in require.extensions;
  return () => (pending ??= hooked ? Promise.resolve().then(load.require) : load.import());
}
