// The `hotline` command: serve | migrate | user add|list|passwd|disable|unlock | pbx up|down|status.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MIN_PASSWORD_LENGTH, hashPassword } from './auth/passwords.ts';
import { readPassword } from './cli-password.ts';
import { backupCommand } from './cli-backup.ts';
import { ConfigError, loadConfig, redactUrl, type Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { ROLES, UserRepository, languagesOf, lockedUntil, type Role } from './db/user-repository.ts';
import { createLogger } from './log.ts';
import { createHotline } from './main.ts';
import { AmiClient } from './pbx/ami-client.ts';
import { installProcessPolicy } from './process-policy.ts';
import { agentInterface } from './queues/agent-state.ts';

const USAGE = `usage: hotline <command>
  serve                                   run the server (HOTLINE_PORT, HOTLINE_DB, AMI_URL, ARI_URL…)
  migrate                                 create or upgrade the database HOTLINE_DB
  user add --username U --password-stdin --role R [--display-name N] [--extension 1001] [--languages zh,en]
  user list
  user passwd --username U --password-stdin
  user disable --username U
  user unlock --username U                lift the lock after too many wrong passwords
                                          --password-stdin: the first line of standard input, or typed
                                          at a prompt that does not echo (--password P still works but
                                          shows in the process list)
  pbx up|down|status                      the local Asterisk 22 sandbox (scripts/pbx-sandbox.sh)
  backup --to FILE [--force]              a consistent copy of HOTLINE_DB, taken while the server runs
  restore --from FILE [--force]           the backup becomes HOTLINE_DB (the server stopped; the old one kept as .before-restore)
roles: ${ROLES.join(', ')}`;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function userOptions(args: string[]) {
  return parseArgs({
    args,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      role: { type: 'string' },
      'display-name': { type: 'string' },
      extension: { type: 'string' },
      languages: { type: 'string' },
    },
    strict: true,
  }).values;
}

async function userCommand(sub: string | undefined, args: string[]): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(config.databaseFile);
  const users = new UserRepository(db);
  try {
    const options = userOptions(args);
    const needUser = () => options.username ?? fail('--username is required');
    const needPassword = async () => {
      if (options.password !== undefined && options['password-stdin']) fail('give --password-stdin or --password, not both');
      if (options.password !== undefined) process.stderr.write('hotline: warning: --password shows the password in the process list and the shell history; use --password-stdin\n');
      else if (!options['password-stdin'] && !process.stdin.isTTY) fail('--password-stdin is required (the password as the first line of standard input)');
      const password = options.password ?? (await readPassword().catch((error: Error) => fail(error.message)));
      if (password.length < MIN_PASSWORD_LENGTH) fail(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
      return hashPassword(password, config.passwordCost);
    };
    switch (sub) {
      case 'add': {
        const username = needUser();
        if (!/^[a-z0-9_.-]{2,32}$/i.test(username)) fail('--username: 2–32 letters, digits, . _ -');
        if (users.byUsername(username)) fail(`user ${username} exists already (use "user passwd")`);
        const role = (options.role ?? fail(`--role is required (${ROLES.join(', ')})`)) as Role;
        if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
        const extension = options.extension;
        if (extension !== undefined && !/^\d{3,6}$/.test(extension)) fail('--extension must be 3–6 digits, e.g. 1001');
        const languages = (options.languages ?? 'zh').split(',').map((l) => l.trim());
        if (languages.some((lang) => lang !== 'zh' && lang !== 'en')) fail('--languages is a list of zh and en, e.g. zh,en');
        const created = users.create({
          username,
          displayName: options['display-name'] ?? username,
          passwordHash: await needPassword(),
          role,
          extension: extension ?? null,
          languages: [...new Set(languages)].join(','),
        });
        process.stdout.write(`added ${created.username} (${created.role}${created.extension ? `, extension ${created.extension}` : ''})\n`);
        return;
      }
      case 'list':
        for (const user of users.list()) {
          process.stdout.write(
            `${user.username}\t${user.role}\t${user.extension ?? '-'}\t${languagesOf(user).join(',')}\t${user.disabled ? 'disabled' : 'active'}${lockedUntil(user) ? `\tlocked until ${lockedUntil(user)}` : ''}\n`,
          );
        }
        return;
      case 'passwd': {
        const user = users.byUsername(needUser()) ?? fail(`no user ${options.username}`);
        users.update(user.id, { passwordHash: await needPassword() });
        users.endAllSessions(user.id);
        process.stdout.write(`password changed for ${user.username}; their sessions were ended\n`);
        return;
      }
      case 'unlock': {
        const user = users.byUsername(needUser()) ?? fail(`no user ${options.username}`);
        if (!lockedUntil(user)) fail(`user ${user.username} is not locked`);
        users.clearFailedLogins(user.id);
        process.stdout.write(`unlocked ${user.username}; they may log in again\n`);
        return;
      }
      case 'disable': {
        const user = users.byUsername(needUser()) ?? fail(`no user ${options.username}`);
        users.updateEndingSessions(user.id, { disabled: true, desiredAgentState: 'offline' });
        process.stdout.write(`disabled ${user.username}; their sessions were ended\n`);
        if (user.extension) process.stdout.write(`${await takeOutOfQueues(config, user.extension)}\n`);
        return;
      }
      default:
        fail(`unknown user command "${sub ?? ''}"`);
    }
  } finally {
    db.$client.close();
  }
}

/** The phone of a disabled operator leaves the hotline queues now; the server would do it within a check otherwise. */
async function takeOutOfQueues(config: Config, extension: string): Promise<string> {
  const ami = new AmiClient(config.ami, createLogger('silent'), { actionMs: config.amiActionTimeoutMs, loginMs: 3_000, maxBackoffMs: 1_000 });
  const connected = new Promise<boolean>((resolve) => {
    ami.once('connected', () => resolve(true));
    setTimeout(() => resolve(false), 3_000).unref();
  });
  ami.start();
  try {
    if (!(await connected)) return `Asterisk not reachable (${ami.status.detail ?? ami.status.state}): the server takes PJSIP/${extension} out of the queues within ${config.sessionCheckSeconds} s`;
    const removed: string[] = [];
    for (const queue of Object.values(config.queues)) {
      // "Not there" is an error answer too: the phone was not in that queue.
      await ami.action({ Action: 'QueueRemove', Queue: queue, Interface: agentInterface(extension) }).then(() => removed.push(queue), () => {});
    }
    return removed.length > 0 ? `took PJSIP/${extension} out of ${removed.join(', ')}` : `PJSIP/${extension} was in no hotline queue`;
  } finally {
    await ami.stop();
  }
}

async function serve(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const hotline = await createHotline(config, log);
  installProcessPolicy(process, { log, stop: () => hotline.stop(), onUnhandled: (kind) => hotline.metrics.unhandledErrors({ kind }) });
  const port = await hotline.start();
  log.info(
    { port, host: config.httpHost, database: config.databaseFile, ami: `${config.ami.host}:${config.ami.port}`, ari: redactUrl(config.ari.baseUrl) },
    `hotline ${config.serviceNumber} serving the operator desk at http://${config.httpHost}:${port}/`,
  );
  if (hotline.users.list().length === 0) {
    log.warn('no accounts yet: add one with `npm run hotline -- user add --username op1001 --password-stdin --role operator --extension 1001 --languages zh,en`');
  }
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await hotline.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

function pbx(sub: string | undefined): number {
  if (!sub || !['up', 'down', 'status', 'build'].includes(sub)) fail('pbx takes up, down, status or build');
  const script = fileURLToPath(new URL('../scripts/pbx-sandbox.sh', import.meta.url));
  return spawnSync('bash', [script, sub], { stdio: 'inherit' }).status ?? 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'serve':
      await serve();
      return -1;
    case 'migrate': {
      const config = loadConfig();
      openDatabase(config.databaseFile).$client.close();
      process.stdout.write(`database ${config.databaseFile} is up to date\n`);
      return 0;
    }
    case 'user':
      await userCommand(sub, rest);
      return 0;
    case 'backup':
    case 'restore':
      return backupCommand(command, sub === undefined ? rest : [sub, ...rest]);
    case 'pbx':
      return pbx(sub);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      return fail(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`hotline: ${(error as Error).message}\n${error instanceof UsageError ? `\n${USAGE}\n` : ''}`);
      process.exit(2);
    }
    process.stderr.write(`hotline: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
