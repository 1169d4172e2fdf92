// Sending a change: busy while it travels, and the server's refusal kept for the form to show (at its top and
// beside the field it names). Anything but a refusal is thrown on.
import { ref } from 'vue';
import { refusalOf, type Refusal } from './admin-refusal.ts';

export function useSubmit() {
  const refusal = ref<Refusal | null>(null);
  const saving = ref(false);

  /** Runs `work`; true when it went through, false when the server refused it. */
  async function submit(work: () => Promise<unknown>): Promise<boolean> {
    saving.value = true;
    refusal.value = null;
    try {
      await work();
      return true;
    } catch (error) {
      refusal.value = refusalOf(error);
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { refusal, saving, submit };
}
