// One admin setting read with GET and replaced with PUT: what is stored, loading, saving, and the server's
// refusal (shown at the top of the section and beside the field it names).
import { ElMessage } from 'element-plus';
import { ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { api } from '../shared/api.ts';
import { useSubmit } from './useSubmit.ts';

export function useAdminSetting<T>(path: string, options: { putPath?: string; load?: boolean } = {}) {
  const { t } = useI18n();
  const stored = ref<T | null>(null) as Ref<T | null>;
  const loadError = ref('');
  const { refusal, saving, submit } = useSubmit();

  async function load(): Promise<void> {
    loadError.value = '';
    try {
      stored.value = await api<T>(path);
    } catch (error) {
      loadError.value = (error as Error).message;
    }
  }

  /** Sends `body`; what the server stored becomes `stored`. False when it refused. */
  async function save(body: unknown): Promise<boolean> {
    return submit(async () => {
      stored.value = await api<T>(options.putPath ?? path, { method: 'PUT', body });
      ElMessage.success(t('admin.common.saved'));
    });
  }

  /** The refusal's message when it names `field` (parts joined by '/'). */
  const refusedAt = (field: string) => (refusal.value?.path === field ? t('admin.common.refusedHere', { message: refusal.value.message }) : '');

  if (options.load !== false) void load();
  return { stored, loadError, refusal, saving, load, save, refusedAt };
}
