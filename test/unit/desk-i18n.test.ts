import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain browser module without types
import { DESK_STRINGS } from '../../src/web/desk-i18n.js';

const strings = DESK_STRINGS as Record<'zh-CN' | 'en', Record<string, string>>;

describe('desk strings', () => {
  it('exist in zh-CN and en for every key, non-empty', () => {
    const zh = Object.keys(strings['zh-CN']).sort();
    const en = Object.keys(strings.en).sort();
    expect(zh).toEqual(en);
    for (const key of zh) {
      expect(strings['zh-CN'][key], key).toMatch(/\S/);
      expect(strings.en[key], key).toMatch(/\S/);
    }
  });

  it('cover every string the page and its script use', () => {
    const html = readFileSync(new URL('../../src/web/desk.html', import.meta.url), 'utf8');
    const script = readFileSync(new URL('../../src/web/desk.js', import.meta.url), 'utf8');
    const used = new Set([
      ...[...html.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]!),
      ...[...script.matchAll(/\bt\('([^']+)'\)/g)].map((m) => m[1]!),
    ]);
    expect(used.size).toBeGreaterThan(10);
    for (const key of used) expect(strings.en, `missing key ${key}`).toHaveProperty(key);
  });
});
