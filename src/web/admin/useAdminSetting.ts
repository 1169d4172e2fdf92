// One admin setting read with GET and replaced with PUT: what is stored, loading, saving, and the server's
// refusal (shown at the top of the section and beside the field it names).
import { ElMessage } from 'element-plus';
import { ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { api } from '../shared/api.ts';
import { refusalOf, type Refusal } from './admin-refusal.ts';

export function useAdminSetting<T>(path: string, options: { putPath?: string; load?: boolean } = {}) {
  const { t } = useI18n();
  const stored = ref<T | null>(null) as Ref<T | null>;
  const loadError = ref('');
  const refusal = ref<Refusal | null>(null);
  const saving = ref(false);

  async function load(): Promise<void> {
    loadError.value = '';
    try {
      stored.value = await api<T>(path);
    } catch (error) {
      loadError.value = (error as Error).message;
    }
  }

  /** Sends `body`; the stored value (or the server's answer when `answer` is given) on success, undefined when refused. */
  async function save<A = T>(body: unknown, answer?: (stored: A) => T): Promise<A | undefined> {
    saving.value = true;
    refusal.value = null;
    try {
      const answered = await api<A>(options.putPath ?? path, { method: 'PUT', body });
      stored.value = answer ? answer(answered) : (answered as unknown as T);
      ElMessage.success(t('admin.common.saved'));
      return answered;
    } catch (error) {
      refusal.value = refusalOf(error);
      return undefined;
    } finally {
      saving.value = false;
    }
  }

  /** The refusal's message when it names `field` (parts joined by '/'). */
  const refusedAt = (field: string) => (refusal.value?.path === field ? t('admin.common.refusedHere', { message: refusal.value.message }) : '');

  if (options.load !== false) void load();
  return { stored, loadError, refusal, saving, load, save, refusedAt };
}
