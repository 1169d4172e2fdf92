// The pause reasons operators choose from (GET /api/pause-reasons), named in the page's language; a code
// not on the list (a supervisor's own words, or "wrap-up") is shown as it is.
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { PauseReason } from '../../queues/line-settings.ts';
import { api } from './api.ts';

export function usePauseReasons() {
  const { t, locale } = useI18n();
  const list = ref<PauseReason[]>([]);
  const failed = ref('');
  api<{ reasons: PauseReason[] }>('/api/pause-reasons').then(
    (answer) => (list.value = answer.reasons),
    (error: Error) => (failed.value = error.message),
  );
  const label = (code: string | null | undefined): string => {
    if (!code) return '';
    if (code === 'wrap-up') return t('wall.statuses.wrap-up');
    const reason = list.value.find((entry) => entry.code === code);
    if (!reason) return code;
    return locale.value === 'en' ? reason.en : reason.zh;
  };
  return { list, failed, label };
}
