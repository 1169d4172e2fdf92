// A fresh migrated in-memory database per test.
import { openDatabase, type Db } from '../../src/db/database.ts';
import { hashPassword } from '../../src/auth/passwords.ts';
import { TEST_PASSWORD_COST } from './test-config.ts';
import { UserRepository, type Role } from '../../src/db/user-repository.ts';

export function freshDatabase(): Db {
  return openDatabase(':memory:');
}

const hashes = new Map<string, Promise<string>>();
/** One hash per password per test file: scrypt per account per test would dominate the run time. */
function hashOf(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) {
    hash = hashPassword(password, TEST_PASSWORD_COST);
    hashes.set(password, hash);
  }
  return hash;
}

export async function addUser(
  db: Db,
  user: { username: string; password?: string; role: Role; extension?: string; languages?: string },
) {
  return new UserRepository(db).create({
    username: user.username,
    displayName: user.username,
    passwordHash: await hashOf(user.password ?? 'correct-horse'),
    role: user.role,
    extension: user.extension ?? null,
    languages: user.languages ?? 'zh',
  });
}
