// A fresh migrated in-memory database per test.
import { openDatabase, type Db } from '../../src/db/database.ts';
import { hashPassword } from '../../src/auth/passwords.ts';
import { UserRepository, type Role } from '../../src/db/user-repository.ts';

export function freshDatabase(): Db {
  return openDatabase(':memory:');
}

export async function addUser(
  db: Db,
  user: { username: string; password?: string; role: Role; extension?: string; languages?: string },
) {
  return new UserRepository(db).create({
    username: user.username,
    displayName: user.username,
    passwordHash: await hashPassword(user.password ?? 'correct-horse'),
    role: user.role,
    extension: user.extension ?? null,
    languages: user.languages ?? 'zh',
  });
}
