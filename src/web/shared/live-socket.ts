// A page's Socket.IO connection (/desk or /wall): the session cookie goes with the handshake; the page
// learns whether the server and the PBX are up, and is sent to the login when its session ends.
import { ElMessage } from 'element-plus';
import { io, type Socket } from 'socket.io-client';
import { computed, onUnmounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import type { PbxStatus } from '../../realtime/desk-events.ts';
import { sessionEnded } from './session.ts';

interface CommonEvents {
  'pbx-status': (status: PbxStatus) => void;
  'session-ended': (reason: string) => void;
}

/** `auth` goes with the handshake beside the session cookie (the wallboard asks for frames with it). */
export function useLiveSocket<Events extends CommonEvents>(namespace: '/desk' | '/wall', auth?: Record<string, string>) {
  const { t } = useI18n();
  const router = useRouter();
  const connected = ref(false);
  const pbx = ref<PbxStatus | null>(null);
  const socket = io(namespace, { transports: ['websocket'], ...(auth && { auth }) }) as unknown as Socket<Events>;
  const plain = socket as unknown as Socket<CommonEvents>;
  const ended = () => {
    sessionEnded();
    ElMessage.warning(t('app.sessionEnded'));
    void router.push('/login');
  };
  plain.on('connect', () => (connected.value = true));
  plain.on('disconnect', () => (connected.value = false));
  plain.on('connect_error', (error) => {
    if (/unauthorized|forbidden/.test(error.message)) ended();
  });
  plain.on('session-ended', ended);
  plain.on('pbx-status', (status) => (pbx.value = status));
  onUnmounted(() => socket.close());
  const pbxUp = computed(() => pbx.value?.ami.state === 'connected' && pbx.value?.ari.state === 'connected');
  return { socket, connected, pbx, pbxUp };
}
