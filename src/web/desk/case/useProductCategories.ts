// The product categories for the case form (asked of the server once per page), labelled in the UI language.
import { computed, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { api } from '../../shared/api.ts';

interface Category {
  code: string;
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
  active: boolean;
}

const categories = ref<Category[]>([]);
let asked: Promise<void> | null = null;

export function useProductCategories() {
  const { locale } = useI18n();
  asked ??= api<{ categories: Category[] }>('/api/product-categories?all=true').then(
    (answer) => void (categories.value = answer.categories),
    () => void (asked = null),
  );
  const name = (entry: Category) => (locale.value === 'en' ? entry.nameEn : entry.nameZh);
  /** Offered groups and their categories (retired ones are not offered). */
  const groups = computed(() =>
    categories.value
      .filter((entry) => entry.parentCode === null && entry.active)
      .map((group) => ({
        code: group.code,
        label: name(group),
        options: [group, ...categories.value.filter((entry) => entry.parentCode === group.code && entry.active)].map((entry) => ({ code: entry.code, label: name(entry) })),
      })),
  );
  /** A stored value's label: the category's name, or the text itself (cases filed before the table). */
  const label = (code: string | null | undefined) => {
    if (!code) return '';
    const entry = categories.value.find((item) => item.code === code);
    if (!entry) return code;
    const parent = entry.parentCode ? categories.value.find((item) => item.code === entry.parentCode) : undefined;
    return parent ? `${name(parent)} / ${name(entry)}` : name(entry);
  };
  return { groups, label };
}
