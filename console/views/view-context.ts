/** What every template gets: the language, the signed-in user, the CSRF token, formatters. */
import type { ConsoleUser } from '../auth/users';
import type { Formatters, Locale, Translate } from '../i18n/i18n';

export interface ViewContext {
  locale: Locale;
  t: Translate;
  f: Formatters;
  user: ConsoleUser | null;
  csrf: string;
  /** The current path and query, for the language switcher to come back to. */
  path: string;
  temporalUiUrl: string;
  namespace: string;
}
