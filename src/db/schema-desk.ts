// What the operator desk looks things up in: the product categories a case is filed under (a bilingual table
// the admin keeps, seeded with the taxonomy below by the migration).
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const productCategories = sqliteTable('product_categories', {
  /** Stable code, e.g. "food.dairy": the case stores the code, so renaming a category renames it everywhere. */
  code: text('code').primaryKey(),
  /** The group it belongs to (null for a top-level group). */
  parentCode: text('parent_code'),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  sort: integer('sort').notNull().default(0),
  /** A retired category stays for old cases but is no longer offered. */
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
});
