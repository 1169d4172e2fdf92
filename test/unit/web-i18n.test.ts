// Every string of the web app exists in zh-CN and in English, and every key the pages ask for exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INTENTS } from '../../src/ivr/flow.ts';
import { AGENT_STATUSES } from '../../src/live/agent-status.ts';
import { THRESHOLD_KPIS } from '../../src/live/kpi-thresholds.ts';
import { CASE_KINDS, CASE_STATUSES, COLOURS, SATISFACTIONS, URGENCIES } from '../../src/cases/case-model.ts';
import { CASE_ACTIONS } from '../../src/cases/lifecycle.ts';
import { SHORTCUT_KEYS } from '../../src/web/desk/useShortcuts.ts';
import { en } from '../../src/web/i18n/en.ts';
import { zhCN } from '../../src/web/i18n/zh-CN.ts';

type Tree = { [key: string]: string | Tree };
const leaves = (tree: Tree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)));
const has = (tree: Tree, key: string) => key.split('.').reduce<Tree | string | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree) !== undefined;

const webRoot = fileURLToPath(new URL('../../src/web/', import.meta.url));
const sources = (folder: string): string[] =>
  readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(vue|ts)$/.test(name) && !path.includes('/i18n/') ? [path] : [];
  });

describe('the web app’s strings', () => {
  it('has the same keys in zh-CN and English, none empty', () => {
    const zh = leaves(zhCN as Tree);
    const english = leaves(en as Tree);
    expect(english.map(([key]) => key).sort()).toEqual(zh.map(([key]) => key).sort());
    for (const [key, text] of [...zh, ...english]) expect(text.trim(), key).not.toBe('');
    // the English file is English, the Chinese one Chinese (a copy-paste shows here)
    const chinese = /[\u4e00-\u9fff]/;
    expect(zh.filter(([, text]) => chinese.test(text)).length / zh.length).toBeGreaterThan(0.9);
    expect(english.filter(([key, text]) => chinese.test(text) && key !== 'app.language')).toEqual([]);
  });

  it('has every key the pages ask for, in both languages', () => {
    const asked = new Set(sources(webRoot).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g)].map((match) => match[1]!)));
    expect(asked.size).toBeGreaterThan(40);
    for (const key of asked) {
      expect(has(zhCN as Tree, key), `zh-CN ${key}`).toBe(true);
      expect(has(en as Tree, key), `en ${key}`).toBe(true);
    }
  });

  it('names every status, intent, language, queue, tile and formula the live data can carry', () => {
    const keys = [
      ...AGENT_STATUSES.map((status) => `wall.statuses.${status}`),
      ...INTENTS.map((intent) => `wall.intents.${intent}`),
      'wall.langs.zh',
      'wall.langs.en',
      'wall.queueName.hotline-zh',
      'wall.queueName.hotline-en',
      ...THRESHOLD_KPIS.map((kpi) => `wall.tiles.${kpi}`),
      ...THRESHOLD_KPIS.filter((kpi) => kpi !== 'waiting' && kpi !== 'callbacksPending').map((kpi) => `wall.formulas.${kpi}`),
      ...['available', 'paused', 'offline'].map((state) => `desk.${state}`),
      ...CASE_STATUSES.map((status) => `case.statuses.${status}`),
      ...CASE_KINDS.map((kind) => `case.kinds.${kind}`),
      ...URGENCIES.map((urgency) => `case.urgencies.${urgency}`),
      ...COLOURS.map((colour) => `case.colours.${colour}`),
      ...SATISFACTIONS.map((level) => `case.satisfaction.${level}`),
      ...CASE_ACTIONS.map((action) => `case.trail.${action}`),
      ...SHORTCUT_KEYS.map((shortcut) => shortcut.label),
      ...['pending', 'done', 'failed', 'untranscribed'].map((status) => `messages.statuses.${status}`),
    ];
    for (const key of keys) {
      expect(has(zhCN as Tree, key), key).toBe(true);
      expect(has(en as Tree, key), key).toBe(true);
    }
  });
});
