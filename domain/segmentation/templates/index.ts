/** The rule templates crmhub ships (`crmhub rules add --template <code>`, docs/segmentation.md). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TEMPLATES_DIR = __dirname;

export function templateFiles(): string[] {
  return readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => join(TEMPLATES_DIR, f));
}

export function loadTemplates(): unknown[] {
  return templateFiles().map((f) => JSON.parse(readFileSync(f, 'utf8')));
}
