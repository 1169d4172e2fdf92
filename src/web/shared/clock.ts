// A ticking "now" on the server's clock: timers on screen are computed from timestamps here, never pushed.
import { onUnmounted, ref, type Ref } from 'vue';

export function useServerNow(offsetMs: Ref<number>, everyMs = 1000) {
  const now = ref(Date.now() + offsetMs.value);
  const timer = setInterval(() => (now.value = Date.now() + offsetMs.value), everyMs);
  onUnmounted(() => clearInterval(timer));
  return now;
}

/** 75 → "1:15", 3725 → "1:02:05" */
export function clockText(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
