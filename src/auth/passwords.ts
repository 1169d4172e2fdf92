// Password hashing with scrypt (node:crypto); stored as scrypt$N$r$p$salt$hash, never in plain.
// The cost is OWASP's recommendation (N = 2^17, r = 8, p = 1: 128 MiB and ~0.35 s here per hash);
// a hash made with a lower cost is re-made at the next successful login.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** log2 of N: 17 is OWASP's minimum for scrypt. */
export const DEFAULT_COST_LOG2 = 17;
export const costOf = (log2N: number): ScryptCost => ({ N: 2 ** log2N, r: 8, p: 1 });

const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 8;
/** scrypt needs 128 × N × r bytes; Node refuses more than 32 MiB unless told. */
const maxmem = (cost: ScryptCost) => 256 * cost.N * cost.r;

export async function hashPassword(password: string, cost: ScryptCost = costOf(DEFAULT_COST_LOG2)): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...cost, maxmem: maxmem(cost) });
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { ...cost, maxmem: maxmem(cost) });
  return timingSafeEqual(key, expected);
}

/** Whether a stored hash was made with less work than `cost` asks for (re-hash it at the next login). */
export function needsRehash(stored: string, cost: ScryptCost): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) < cost.N || Number(r) !== cost.r || Number(p) !== cost.p;
}

const dummyHashes = new Map<number, Promise<string>>();
/** A hash to compare against when the user does not exist, at the same cost, so timing does not reveal user names. */
export function dummyHash(cost: ScryptCost): Promise<string> {
  let hash = dummyHashes.get(cost.N);
  if (!hash) {
    hash = hashPassword('not-a-real-password', cost);
    dummyHashes.set(cost.N, hash);
  }
  return hash;
}
