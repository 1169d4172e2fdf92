// The desk's keyboard shortcuts, one table for the handler and for the list shown in the UI.
import { onBeforeUnmount, onMounted } from 'vue';

export interface Shortcut {
  keys: string;
  /** i18n key of what it does */
  label: string;
  matches: (event: KeyboardEvent) => boolean;
  run: () => void;
}

export const SHORTCUT_KEYS = [
  { keys: 'Ctrl+S', label: 'shortcuts.save' },
  { keys: 'Ctrl+Enter', label: 'shortcuts.register' },
  { keys: 'F2', label: 'shortcuts.hold' },
  { keys: 'F3', label: 'shortcuts.transfer' },
  { keys: 'F4', label: 'shortcuts.consult' },
  { keys: 'F7', label: 'shortcuts.available' },
  { keys: 'F8', label: 'shortcuts.ready' },
  { keys: 'F9', label: 'shortcuts.pause' },
  { keys: 'Ctrl+K', label: 'shortcuts.search' },
  { keys: 'Ctrl+/', label: 'shortcuts.help' },
] as const;

const matcher = (keys: string) => {
  const parts = keys.split('+');
  const key = parts.pop()!;
  const ctrl = parts.includes('Ctrl');
  return (event: KeyboardEvent) => (event.ctrlKey || event.metaKey) === ctrl && event.key.toLowerCase() === key.toLowerCase();
};

export function useShortcuts(actions: Record<(typeof SHORTCUT_KEYS)[number]['keys'], () => void>) {
  const table = SHORTCUT_KEYS.map((entry) => ({ ...entry, matches: matcher(entry.keys), run: actions[entry.keys] }));
  const onKey = (event: KeyboardEvent) => {
    const hit = table.find((entry) => entry.matches(event));
    if (!hit) return;
    event.preventDefault();
    hit.run();
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
  return table;
}
