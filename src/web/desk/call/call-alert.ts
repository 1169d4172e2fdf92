// Telling the operator the phone rings even when the desk is not in front: a short two-tone sound, the page
// title blinking, and a desktop notification when the browser allows one.
let audio: AudioContext | null = null;
let blink: ReturnType<typeof setInterval> | undefined;
const TITLE = document.title;

function ring(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.25, 660],
      [0.6, 880],
      [0.85, 660],
    ] as const) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.value = 0.08;
      tone.connect(gain).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.2);
    }
  } catch {
    // no audio output (or not yet allowed by the browser): the title and the notification still tell
  }
}

export function alertIncoming(text: string): void {
  ring();
  stopAlert();
  let on = false;
  blink = setInterval(() => {
    on = !on;
    document.title = on ? `☎ ${text}` : TITLE;
  }, 800);
  if ('Notification' in window && Notification.permission === 'granted' && document.visibilityState !== 'visible') {
    new Notification(text, { tag: 'hotline-call', requireInteraction: false });
  }
}

export function stopAlert(): void {
  clearInterval(blink);
  document.title = TITLE;
}

export const notificationsAsked = () => !('Notification' in window) || Notification.permission !== 'default';

export async function askNotifications(): Promise<void> {
  if ('Notification' in window && Notification.permission === 'default') await Notification.requestPermission();
}
