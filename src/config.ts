// Configuration, parsed once from the environment. A wrong value fails fast naming the variable.

export class ConfigError extends Error {
  constructor(variable: string, problem: string, fix: string) {
    super(`${variable}: ${problem} — ${fix}`);
    this.name = 'ConfigError';
  }
}

export interface AsteriskEndpoint {
  host: string;
  port: number;
  username: string;
  secret: string;
}

import { costOf, DEFAULT_COST_LOG2, type ScryptCost } from './auth/passwords.ts';
import { OpeningHoursError, parseOpeningHours, type OpeningHours } from './ivr/opening-hours.ts';
import { loadSpeechConfig, type SpeechConfig } from './stt/stt-config.ts';

export interface Config {
  httpHost: string;
  httpPort: number;
  databaseFile: string;
  /** Where voicemail audio (and later transcripts) are kept. */
  dataDirectory: string;
  openingHours: OpeningHours;
  messageMaxSeconds: number;
  /** Longest wait in a queue before the dialplan offers the caller a message. */
  queueMaxWaitSeconds: number;
  ami: AsteriskEndpoint;
  ari: AsteriskEndpoint & { baseUrl: string; app: string };
  serviceNumber: string;
  promptDirectory: string;
  sessionHours: number;
  /** How often overdue cases are looked for (they are also looked for on start). */
  escalationIntervalMinutes: number;
  /** Browser origins allowed besides the server's own (a deployment behind a proxy or another host name). */
  allowedOrigins: string[];
  /** The session cookie gets Secure (set it when the desk is served over TLS). */
  cookieSecure: boolean;
  /** Login attempts one address may make a minute (HOTLINE_LOGIN_PER_MINUTE); more get 429 with Retry-After. */
  loginPerMinute: number;
  /** Wrong passwords in a row that lock a user name (HOTLINE_LOCKOUT_FAILURES, 0 never locks), and for how many minutes (HOTLINE_LOCKOUT_MINUTES). */
  lockout: { threshold: number; minutes: number };
  /** Requests to /api/* one session (or one address, before logging in) may make a minute (HOTLINE_API_PER_MINUTE); more get 429. */
  apiPerMinute: number;
  /** How often open sockets re-check their session (expiry, or ended by another process). */
  sessionCheckSeconds: number;
  /** Service level: answered within this many seconds. */
  slSeconds: number;
  /** An abandon before this many seconds of waiting is short (counted apart). */
  shortAbandonSeconds: number;
  /** scrypt cost for new password hashes (older, cheaper hashes are re-made at login). */
  passwordCost: ScryptCost;
  /** How long an AMI action (and Asterisk's confirming event) may take before it counts as failed. */
  amiActionTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Queue per language; every operator joins the queues of the languages they speak. */
  queues: Record<Language, string>;
  /** Which speech engine transcribes the messages of each language (HOTLINE_STT_*). */
  speech: SpeechConfig;
  /** Call control: the PJSIP endpoint numbers outside are dialled through (PJSIP/<number>@<trunk>), and how long Asterisk may take to confirm a desk action. */
  callControl: { trunk: string; confirmTimeoutMs: number };
}

export type Language = 'zh' | 'en';
export const LANGUAGES: readonly Language[] = ['zh', 'en'];
/** The hotline's queue per language (dialplan/queues.conf). */
export const QUEUE_OF_LANGUAGE: Readonly<Record<Language, string>> = { zh: 'hotline-zh', en: 'hotline-en' };

export const DEFAULTS = {
  HOTLINE_HOST: '127.0.0.1',
  HOTLINE_PORT: '3000',
  HOTLINE_DB: './data/hotline.db',
  HOTLINE_DATA_DIR: './data',
  HOTLINE_OPENING_HOURS: 'workdays 08:30-17:30',
  HOTLINE_MESSAGE_MAX_SECONDS: '120',
  HOTLINE_QUEUE_MAX_WAIT_SECONDS: '300',
  AMI_URL: 'ami://hotline:hotline@127.0.0.1:5038',
  ARI_URL: 'http://hotline:hotline@127.0.0.1:8088',
  ARI_APP: 'hotline',
  HOTLINE_NUMBER: '12365',
  HOTLINE_PROMPT_DIR: '/usr/share/asterisk/sounds/hotline',
  HOTLINE_SESSION_HOURS: '12',
  HOTLINE_ESCALATION_MINUTES: '15',
  AMI_ACTION_TIMEOUT_MS: '5000',
  HOTLINE_ALLOWED_ORIGINS: '',
  HOTLINE_COOKIE_SECURE: 'false',
  HOTLINE_SESSION_CHECK_SECONDS: '30',
  HOTLINE_PASSWORD_COST: String(DEFAULT_COST_LOG2),
  HOTLINE_SL_SECONDS: '15',
  HOTLINE_SHORT_ABANDON_SECONDS: '5',
  LOG_LEVEL: 'info',
  HOTLINE_TRUNK: 'hotline-trunk',
  HOTLINE_CALL_CONTROL_TIMEOUT_MS: '8000',
  HOTLINE_LOGIN_PER_MINUTE: '30',
  HOTLINE_LOCKOUT_FAILURES: '5',
  HOTLINE_LOCKOUT_MINUTES: '15',
  HOTLINE_API_PER_MINUTE: '1200',
} as const;

type Env = Record<string, string | undefined>;

function read(env: Env, name: keyof typeof DEFAULTS): string {
  const value = env[name];
  return value === undefined || value === '' ? DEFAULTS[name] : value;
}

function parsePort(name: string, raw: string, allowAny = false): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < (allowAny ? 0 : 1) || port > 65535) {
    throw new ConfigError(name, `"${raw}" is not a TCP port`, `use a whole number from ${allowAny ? '0 (any free port)' : '1'} to 65535`);
  }
  return port;
}

function parseEndpoint(name: string, raw: string, protocols: string[], defaultPort: number): AsteriskEndpoint & { url: URL } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `"${redactUrl(raw)}" is not a URL`, `write it like ${redactUrl(DEFAULTS[name as 'AMI_URL'])}`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `scheme ${url.protocol} is not supported`, `use ${protocols.join(' or ')}`);
  }
  if (!url.username || !url.password) {
    throw new ConfigError(name, 'user name and secret are missing', `write them into the URL: ${url.protocol}//user:secret@host:port`);
  }
  return {
    url,
    host: url.hostname,
    port: url.port ? parsePort(name, url.port) : defaultPort,
    username: decodeURIComponent(url.username),
    secret: decodeURIComponent(url.password),
  };
}

/** Replaces the password of a URL for logs and error messages. */
export function redactUrl(raw: string): string {
  return raw.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

export function loadConfig(env: Env = process.env): Config {
  const ami = parseEndpoint('AMI_URL', read(env, 'AMI_URL'), ['ami:', 'tcp:'], 5038);
  const ari = parseEndpoint('ARI_URL', read(env, 'ARI_URL'), ['http:', 'https:'], 8088);
  const serviceNumber = read(env, 'HOTLINE_NUMBER');
  if (!/^\d{3,8}$/.test(serviceNumber)) {
    throw new ConfigError('HOTLINE_NUMBER', `"${serviceNumber}" is not a service number`, 'use 3 to 8 digits, e.g. 12365 or 12315');
  }
  const sessionHours = Number(read(env, 'HOTLINE_SESSION_HOURS'));
  if (!Number.isFinite(sessionHours) || sessionHours <= 0 || sessionHours > 24 * 30) {
    throw new ConfigError('HOTLINE_SESSION_HOURS', `"${env.HOTLINE_SESSION_HOURS}" is not a duration`, 'use hours from 1 to 720');
  }
  const escalationIntervalMinutes = Number(read(env, 'HOTLINE_ESCALATION_MINUTES'));
  if (!Number.isInteger(escalationIntervalMinutes) || escalationIntervalMinutes < 1 || escalationIntervalMinutes > 1440) {
    throw new ConfigError('HOTLINE_ESCALATION_MINUTES', `"${env.HOTLINE_ESCALATION_MINUTES}" is not an interval`, 'use whole minutes from 1 to 1440');
  }
  let openingHours: OpeningHours;
  try {
    openingHours = parseOpeningHours(read(env, 'HOTLINE_OPENING_HOURS'));
  } catch (error) {
    if (!(error instanceof OpeningHoursError)) throw error;
    throw new ConfigError('HOTLINE_OPENING_HOURS', error.message, 'write rules like "workdays 08:30-17:30; sat 09:00-12:00", or always / never');
  }
  const messageMaxSeconds = Number(read(env, 'HOTLINE_MESSAGE_MAX_SECONDS'));
  if (!Number.isInteger(messageMaxSeconds) || messageMaxSeconds < 10 || messageMaxSeconds > 600) {
    throw new ConfigError('HOTLINE_MESSAGE_MAX_SECONDS', `"${env.HOTLINE_MESSAGE_MAX_SECONDS}" is not a message length`, 'use whole seconds from 10 to 600');
  }
  const amiActionTimeoutMs = Number(read(env, 'AMI_ACTION_TIMEOUT_MS'));
  if (!Number.isInteger(amiActionTimeoutMs) || amiActionTimeoutMs < 100 || amiActionTimeoutMs > 60_000) {
    throw new ConfigError('AMI_ACTION_TIMEOUT_MS', `"${env.AMI_ACTION_TIMEOUT_MS}" is not a timeout`, 'use whole milliseconds from 100 to 60000');
  }
  const allowedOrigins = read(env, 'HOTLINE_ALLOWED_ORIGINS')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of allowedOrigins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError('HOTLINE_ALLOWED_ORIGINS', `"${origin}" is not an origin`, 'list origins like https://hotline.example.gov.cn, comma-separated, without a path');
    }
  }
  const loginPerMinute = Number(read(env, 'HOTLINE_LOGIN_PER_MINUTE'));
  if (!Number.isInteger(loginPerMinute) || loginPerMinute < 1 || loginPerMinute > 1_000_000) {
    throw new ConfigError('HOTLINE_LOGIN_PER_MINUTE', `"${env.HOTLINE_LOGIN_PER_MINUTE}" is not a rate`, 'use how many login attempts one address may make a minute, 1 to 1000000 (default 30)');
  }
  const wholeNumber = (name: 'HOTLINE_LOCKOUT_FAILURES' | 'HOTLINE_LOCKOUT_MINUTES' | 'HOTLINE_API_PER_MINUTE', min: number, max: number, what: string, fix: string) => {
    const value = Number(read(env, name));
    if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `"${env[name]}" is not ${what}`, fix);
    return value;
  };
  const lockout = {
    threshold: wholeNumber('HOTLINE_LOCKOUT_FAILURES', 0, 100, 'a count', 'use how many wrong passwords in a row lock a user name, 1 to 100 (default 5), or 0 never to lock'),
    minutes: wholeNumber('HOTLINE_LOCKOUT_MINUTES', 1, 1440, 'a duration', 'use whole minutes from 1 to 1440 (default 15); an admin can unlock sooner'),
  };
  const apiPerMinute = wholeNumber('HOTLINE_API_PER_MINUTE', 1, 1_000_000, 'a rate', 'use how many API requests one session or address may make a minute, 1 to 1000000 (default 1200)');
  const cookieSecure = read(env, 'HOTLINE_COOKIE_SECURE');
  if (cookieSecure !== 'true' && cookieSecure !== 'false') {
    throw new ConfigError('HOTLINE_COOKIE_SECURE', `"${cookieSecure}" is not true or false`, 'use true when the desk is served over HTTPS');
  }
  const sessionCheckSeconds = Number(read(env, 'HOTLINE_SESSION_CHECK_SECONDS'));
  if (!Number.isInteger(sessionCheckSeconds) || sessionCheckSeconds < 1 || sessionCheckSeconds > 3600) {
    throw new ConfigError('HOTLINE_SESSION_CHECK_SECONDS', `"${env.HOTLINE_SESSION_CHECK_SECONDS}" is not an interval`, 'use whole seconds from 1 to 3600');
  }
  const passwordCostLog2 = Number(read(env, 'HOTLINE_PASSWORD_COST'));
  if (!Number.isInteger(passwordCostLog2) || passwordCostLog2 < 14 || passwordCostLog2 > 20) {
    throw new ConfigError('HOTLINE_PASSWORD_COST', `"${env.HOTLINE_PASSWORD_COST}" is not a cost`, `use log2 of scrypt's N from 14 to 20 (default ${DEFAULT_COST_LOG2}, OWASP's minimum)`);
  }
  const queueMaxWaitSeconds = Number(read(env, 'HOTLINE_QUEUE_MAX_WAIT_SECONDS'));
  if (!Number.isInteger(queueMaxWaitSeconds) || queueMaxWaitSeconds < 1 || queueMaxWaitSeconds > 3600) {
    throw new ConfigError('HOTLINE_QUEUE_MAX_WAIT_SECONDS', `"${env.HOTLINE_QUEUE_MAX_WAIT_SECONDS}" is not a wait`, 'use whole seconds from 1 to 3600');
  }
  const slSeconds = Number(read(env, 'HOTLINE_SL_SECONDS'));
  if (!Number.isInteger(slSeconds) || slSeconds < 1 || slSeconds > 600) {
    throw new ConfigError('HOTLINE_SL_SECONDS', `"${env.HOTLINE_SL_SECONDS}" is not a service-level time`, 'use whole seconds from 1 to 600 (15 is common: 80 % within 15 s)');
  }
  const shortAbandonSeconds = Number(read(env, 'HOTLINE_SHORT_ABANDON_SECONDS'));
  if (!Number.isInteger(shortAbandonSeconds) || shortAbandonSeconds < 0 || shortAbandonSeconds > 60) {
    throw new ConfigError('HOTLINE_SHORT_ABANDON_SECONDS', `"${env.HOTLINE_SHORT_ABANDON_SECONDS}" is not a time`, 'use whole seconds from 0 to 60');
  }
  const logLevel = read(env, 'LOG_LEVEL');
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  if (!(levels as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `"${logLevel}" is not a level`, `use one of ${levels.join(', ')}`);
  }
  const ariApp = read(env, 'ARI_APP');
  if (!/^[A-Za-z0-9_-]+$/.test(ariApp)) {
    throw new ConfigError('ARI_APP', `"${ariApp}" is not a Stasis application name`, 'use letters, digits, - and _');
  }
  const trunk = read(env, 'HOTLINE_TRUNK');
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(trunk)) {
    throw new ConfigError('HOTLINE_TRUNK', `"${trunk}" is not a PJSIP endpoint name`, 'name the pjsip.conf endpoint numbers outside are dialled through (letters, digits, . _ -), e.g. hotline-trunk');
  }
  const confirmTimeoutMs = Number(read(env, 'HOTLINE_CALL_CONTROL_TIMEOUT_MS'));
  if (!Number.isInteger(confirmTimeoutMs) || confirmTimeoutMs < 200 || confirmTimeoutMs > 60_000) {
    throw new ConfigError('HOTLINE_CALL_CONTROL_TIMEOUT_MS', `"${env.HOTLINE_CALL_CONTROL_TIMEOUT_MS}" is not a timeout`, 'use whole milliseconds from 200 to 60000 (how long Asterisk may take to confirm hold, a transfer, or that your phone rings)');
  }
  return {
    httpHost: read(env, 'HOTLINE_HOST'),
    httpPort: parsePort('HOTLINE_PORT', read(env, 'HOTLINE_PORT'), true),
    databaseFile: read(env, 'HOTLINE_DB'),
    dataDirectory: read(env, 'HOTLINE_DATA_DIR'),
    openingHours,
    messageMaxSeconds,
    queueMaxWaitSeconds,
    ami: { host: ami.host, port: ami.port, username: ami.username, secret: ami.secret },
    ari: {
      host: ari.host,
      port: ari.port,
      username: ari.username,
      secret: ari.secret,
      baseUrl: `${ari.url.protocol}//${ari.url.host}`,
      app: ariApp,
    },
    serviceNumber,
    promptDirectory: read(env, 'HOTLINE_PROMPT_DIR'),
    sessionHours,
    escalationIntervalMinutes,
    amiActionTimeoutMs,
    allowedOrigins,
    cookieSecure: cookieSecure === 'true',
    loginPerMinute,
    lockout,
    apiPerMinute,
    sessionCheckSeconds,
    passwordCost: costOf(passwordCostLog2),
    slSeconds,
    shortAbandonSeconds,
    logLevel: logLevel as Config['logLevel'],
    queues: { ...QUEUE_OF_LANGUAGE },
    speech: loadSpeechConfig(env),
    callControl: { trunk, confirmTimeoutMs },
  };
}
