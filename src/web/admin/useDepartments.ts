// The department tree for the console: as the server gives it, and flat with each one's path named in the
// UI language (for choosing a handler's department or a new parent).
import { computed, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { DepartmentNode } from '../../db/department-repository.ts';
import { api } from '../shared/api.ts';

export type { DepartmentNode };

export interface DepartmentChoice {
  id: number;
  code: string;
  label: string;
  active: boolean;
  parentId: number | null;
  /** Its own id and every id below it (a department cannot move under itself). */
  subtree: Set<number>;
}

export function useDepartments() {
  const { locale } = useI18n();
  const tree = ref<DepartmentNode[]>([]);
  const loadError = ref('');

  async function load(): Promise<void> {
    try {
      tree.value = (await api<{ departments: DepartmentNode[] }>('/api/departments')).departments;
      loadError.value = '';
    } catch (error) {
      loadError.value = (error as Error).message;
    }
  }

  const name = (node: DepartmentNode) => (locale.value === 'en' ? node.nameEn : node.nameZh);

  const flat = computed(() => {
    const choices: DepartmentChoice[] = [];
    const walk = (nodes: DepartmentNode[], parent: DepartmentChoice | null, prefix: string): Set<number>[] =>
      nodes.map((node) => {
        const label = prefix ? `${prefix} / ${name(node)}` : name(node);
        const choice: DepartmentChoice = { id: node.id, code: node.code, label, active: node.active, parentId: parent?.id ?? null, subtree: new Set([node.id]) };
        choices.push(choice);
        for (const below of walk(node.children, choice, label)) for (const id of below) choice.subtree.add(id);
        return choice.subtree;
      });
    walk(tree.value, null, '');
    return choices;
  });

  const labelOf = (id: number | null | undefined) => (id == null ? '' : (flat.value.find((choice) => choice.id === id)?.label ?? `#${id}`));

  void load();
  return { tree, flat, name, labelOf, load, loadError };
}
