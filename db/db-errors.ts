/** Turns a driver error into one line that tells the user what to set, instead of a stack trace. */
export function describeDbError(err: unknown, where: string): string {
  const e = err as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e.code ?? e.errors?.[0]?.code;
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return `cannot reach PostgreSQL at ${where} (${code}): start it or set DATABASE_URL`;
    case '28P01':
    case '28000':
      return `PostgreSQL refused the credentials for ${where}: fix the user/password in DATABASE_URL`;
    case '3D000':
      return `database in ${where} does not exist: run \`crmhub migrate\` (it creates it) or fix DATABASE_URL`;
    case '42P01':
      return `the crmhub tables are missing in ${where}: run \`crmhub migrate\``;
    default:
      return `PostgreSQL error at ${where}: ${e.message ?? String(err)}`;
  }
}
