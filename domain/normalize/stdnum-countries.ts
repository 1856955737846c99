// The stdnum validators crmhub uses, by country, loaded per country: stdnum's index loads all of
// its ~80 countries, ~15 MB RSS against ~6 MB for these (measured), inside every import's memory
// budget (issue 8 §6). A country added here is one import line.
import type { Validator } from 'stdnum';
import * as de from 'stdnum/lib/cjs/de';
import * as es from 'stdnum/lib/cjs/es';
import * as fr from 'stdnum/lib/cjs/fr';
import * as it from 'stdnum/lib/cjs/it';
import * as pl from 'stdnum/lib/cjs/pl';
import * as ru from 'stdnum/lib/cjs/ru';

export type { Validator };

export const stdnum: Readonly<Record<string, Readonly<Record<string, Validator>>>> = {
  DE: de, ES: es, FR: fr, IT: it, PL: pl, RU: ru,
};
