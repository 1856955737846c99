/**
 * `crmhub user add <email> --role admin|reviewer|viewer [--password-stdin]`: creates a console user,
 * or sets the role and password of an existing one. The password is read from stdin (one line) or,
 * on a terminal, typed without echo; it is never an argument (argv is visible to other users).
 */
import { createInterface } from 'node:readline';
import { Role } from '../../console/auth/roles';
import { upsertUser } from '../../console/auth/users';
import { MIN_PASSWORD_LENGTH } from '../../console/auth/passwords';
import { withDatabase } from '../database';
import { printJson, printLine } from '../output';
import { UserError } from '../user-error';

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const ask = (q: string) => new Promise<string>((resolve) => {
    process.stderr.write(q);
    const mute = (rl as unknown as { _writeToOutput: (s: string) => void });
    mute._writeToOutput = () => undefined;
    rl.question('', (a) => {
      process.stderr.write('\n');
      resolve(a);
    });
  });
  try {
    const a = await ask('Password: ');
    const b = await ask('Again: ');
    if (a !== b) throw new UserError('the two passwords differ');
    return a;
  } finally {
    rl.close();
  }
}

export async function userAddCommand(email: string, o: { role: string; json?: boolean }): Promise<number> {
  const role = Role.safeParse(o.role);
  if (!role.success) throw new UserError(`--role is admin, reviewer or viewer, got "${o.role}"`);
  const password = await readPassword();
  if (password.length < MIN_PASSWORD_LENGTH) throw new UserError(`a password has at least ${MIN_PASSWORD_LENGTH} characters`);
  return withDatabase(async (db) => {
    let r;
    try {
      r = await upsertUser(db, { email, role: role.data, password });
    } catch (err) {
      if ((err as { name?: string }).name === 'ZodError') throw new UserError(`not an e-mail address: "${email}"`);
      throw err;
    }
    if (o.json) printJson({ id: r.user.id, email: r.user.email, role: r.user.role, created: r.created });
    else printLine(`${r.created ? 'Added' : 'Updated'} ${r.user.email} (${r.user.role}).`);
    return 0;
  });
}
