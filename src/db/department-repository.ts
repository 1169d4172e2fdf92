// The department tree (the centre, its bureaus, their branches), managed by admins.
import { asc, eq } from 'drizzle-orm';
import type { Db } from './database.ts';
import { departments } from './schema.ts';

export type Department = typeof departments.$inferSelect;

export interface DepartmentNode {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
  children: DepartmentNode[];
}

export interface NewDepartment {
  code: string;
  nameZh: string;
  nameEn: string;
  parentId: number;
}

export interface DepartmentChanges {
  nameZh?: string;
  nameEn?: string;
  parentId?: number;
  active?: boolean;
}

/** Why a change was refused: the caller maps `unknown-parent` to 400, the others to 409. */
export type DepartmentProblem = 'unknown-parent' | 'cycle' | 'code-taken';

export class DepartmentChangeError extends Error {
  constructor(
    readonly problem: DepartmentProblem,
    message: string,
  ) {
    super(message);
    this.name = 'DepartmentChangeError';
  }
}

export class DepartmentRepository {
  constructor(private readonly db: Db) {}

  /** All departments, oldest first (so the centre, then the bureaus, then their branches). */
  list(): Department[] {
    return this.db.select().from(departments).orderBy(asc(departments.id)).all();
  }

  tree(): DepartmentNode[] {
    const all = this.list();
    const nodes = new Map<number, DepartmentNode>(
      all.map(({ id, code, nameZh, nameEn, active }) => [id, { id, code, nameZh, nameEn, active, children: [] }]),
    );
    const roots: DepartmentNode[] = [];
    for (const department of all) {
      const node = nodes.get(department.id)!;
      const parent = department.parentId === null ? undefined : nodes.get(department.parentId);
      (parent ? parent.children : roots).push(node);
    }
    return roots;
  }

  byId(id: number): Department | undefined {
    return this.db.select().from(departments).where(eq(departments.id, id)).get();
  }

  byCode(code: string): Department | undefined {
    return this.db.select().from(departments).where(eq(departments.code, code)).get();
  }

  create(department: NewDepartment): Department {
    if (this.byCode(department.code)) throw new DepartmentChangeError('code-taken', `code ${department.code} is taken`);
    this.#requireParent(department.parentId);
    return this.db.insert(departments).values(department).returning().get();
  }

  update(id: number, changes: DepartmentChanges): Department | undefined {
    if (!this.byId(id)) return undefined;
    if (changes.parentId !== undefined) {
      this.#requireParent(changes.parentId);
      if (this.#isSelfOrDescendant(changes.parentId, id)) {
        throw new DepartmentChangeError('cycle', `parentId ${changes.parentId} is department ${id} or below it: that would make a cycle`);
      }
    }
    if (Object.keys(changes).length > 0) this.db.update(departments).set(changes).where(eq(departments.id, id)).run();
    return this.byId(id);
  }

  #requireParent(parentId: number): void {
    if (!this.byId(parentId)) throw new DepartmentChangeError('unknown-parent', `parentId ${parentId} is not a department`);
  }

  /** Walks up from `candidate`; meeting `ancestor` on the way means candidate sits inside its subtree. */
  #isSelfOrDescendant(candidate: number, ancestor: number): boolean {
    const parentOf = new Map(this.list().map((department) => [department.id, department.parentId]));
    const seen = new Set<number>();
    for (let current: number | null | undefined = candidate; current != null; current = parentOf.get(current)) {
      if (current === ancestor || seen.has(current)) return true;
      seen.add(current);
    }
    return false;
  }
}
