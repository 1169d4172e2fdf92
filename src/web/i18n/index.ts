// vue-i18n with the two message files; the choice is remembered in the browser.
import enLocale from 'element-plus/es/locale/lang/en.mjs';
import zhLocale from 'element-plus/es/locale/lang/zh-cn.mjs';
import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type Locale = 'zh-CN' | 'en';
const STORAGE_KEY = 'hotline-locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'zh-CN' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const i18n = createI18n({ legacy: false, locale: initialLocale(), fallbackLocale: 'en', messages: { 'zh-CN': zhCN, en } });

export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? enLocale : zhLocale));

export function switchLocale(): void {
  const next: Locale = i18n.global.locale.value === 'en' ? 'zh-CN' : 'en';
  i18n.global.locale.value = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}
