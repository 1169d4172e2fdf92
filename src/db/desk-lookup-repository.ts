// What the desk looks up while an operator types: the product categories (a bilingual table the admin keeps)
// and enterprises named in earlier cases (name and address, most often named first).
import type Database from 'better-sqlite3';
import { ftsPhrase } from './case-registry-repository.ts';
import type { Db } from './database.ts';

export interface ProductCategory {
  code: string;
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
  sort: number;
  active: boolean;
}

export interface EnterpriseSuggestion {
  name: string;
  address: string | null;
  /** In how many cases this name (and address) appears. */
  cases: number;
  lastSeen: string;
}

export class ProductCategoryError extends Error {}

const CODE = /^[a-z][a-z0-9-]{0,30}(\.[a-z0-9-]{1,30})?$/;

export class DeskLookupRepository {
  readonly #sqlite: Database.Database;

  constructor(db: Db) {
    this.#sqlite = db.$client;
  }

  productCategories(options: { includeRetired?: boolean } = {}): ProductCategory[] {
    const rows = this.#sqlite
      .prepare(
        `select code, parent_code as parentCode, name_zh as nameZh, name_en as nameEn, sort, active from product_categories
          ${options.includeRetired ? '' : 'where active = 1'} order by sort, code`,
      )
      .all() as (Omit<ProductCategory, 'active'> & { active: number })[];
    return rows.map((row) => ({ ...row, active: row.active === 1 }));
  }

  /**
   * Replaces the table with `list`. A category left out is retired (kept for the cases filed under it, no
   * longer offered). Throws ProductCategoryError naming the first bad entry; changes nothing then.
   */
  replaceProductCategories(list: Omit<ProductCategory, 'active' | 'sort'>[]): { added: string[]; retired: string[]; changed: string[] } {
    const codes = new Set<string>();
    list.forEach((entry, index) => {
      const where = `category ${index + 1} (${entry.code})`;
      if (!CODE.test(entry.code)) throw new ProductCategoryError(`${where}: a code is lower-case letters, digits and dashes, with one optional ".part" (e.g. food.dairy)`);
      if (codes.has(entry.code)) throw new ProductCategoryError(`${where}: the code appears twice`);
      codes.add(entry.code);
      const parent = entry.code.includes('.') ? entry.code.split('.')[0]! : null;
      if ((entry.parentCode ?? null) !== parent) throw new ProductCategoryError(`${where}: its group must be ${parent ?? 'none (it is a group)'}, the part of the code before the dot`);
    });
    for (const entry of list) {
      if (entry.parentCode && !codes.has(entry.parentCode)) throw new ProductCategoryError(`category ${entry.code}: its group ${entry.parentCode} is not in the list`);
    }
    const before = new Map(this.productCategories({ includeRetired: true }).map((entry) => [entry.code, entry]));
    const upsert = this.#sqlite.prepare(
      `insert into product_categories (code, parent_code, name_zh, name_en, sort, active) values (?, ?, ?, ?, ?, 1)
       on conflict(code) do update set parent_code = excluded.parent_code, name_zh = excluded.name_zh, name_en = excluded.name_en, sort = excluded.sort, active = 1`,
    );
    const retire = this.#sqlite.prepare(`update product_categories set active = 0 where code = ?`);
    const result = { added: [] as string[], retired: [] as string[], changed: [] as string[] };
    this.#sqlite.transaction(() => {
      list.forEach((entry, index) => {
        const old = before.get(entry.code);
        if (!old) result.added.push(entry.code);
        else if (!old.active || old.nameZh !== entry.nameZh || old.nameEn !== entry.nameEn || old.sort !== (index + 1) * 10) result.changed.push(entry.code);
        upsert.run(entry.code, entry.parentCode ?? null, entry.nameZh, entry.nameEn, (index + 1) * 10);
      });
      for (const [code, old] of before) {
        if (old.active && !codes.has(code)) {
          retire.run(code);
          result.retired.push(code);
        }
      }
    })();
    return result;
  }

  /**
   * Enterprises named in earlier cases that start with `text`, or (from 3 characters) contain it: the
   * enterprise index serves the prefix, the full-text index the rest. Most often named first.
   */
  enterprises(text: string, limit = 10): EnterpriseSuggestion[] {
    const prefix = `c.enterprise_name >= ? and c.enterprise_name < ?`;
    const params: unknown[] = [text, `${text}\u{10FFFF}`];
    let where = prefix;
    if ([...text].length >= 3) {
      where = `(${prefix} or c.id in (select rowid from cases_fts where cases_fts match ?))`;
      params.push(`{enterprise_name} : ${ftsPhrase(text)}`);
    }
    return this.#sqlite
      .prepare(
        `select c.enterprise_name as name, c.enterprise_address as address, count(*) as cases, max(c.created_at) as lastSeen
           from cases c where ${where} and c.status <> 'merged'
          group by c.enterprise_name, c.enterprise_address order by cases desc, lastSeen desc limit ?`,
      )
      .all(...params, limit) as EnterpriseSuggestion[];
  }
}
