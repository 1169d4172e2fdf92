// Who is logged in (the session is the HttpOnly cookie: nothing of it is kept in script storage).
import { ref } from 'vue';
import { api } from './api.ts';

export type Role = 'operator' | 'supervisor' | 'handler' | 'admin' | 'exchange';
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  extension: string | null;
  languages: ('zh' | 'en')[];
  departmentId: number | null;
}

export const currentUser = ref<SessionUser | null>(null);
let loaded = false;

/** The logged-in user, asked of the server once per page load. */
export async function loadSession(): Promise<SessionUser | null> {
  if (!loaded) {
    loaded = true;
    currentUser.value = await api<{ user: SessionUser }>('/api/me').then(
      (me) => me.user,
      () => null,
    );
  }
  return currentUser.value;
}

export async function login(username: string, password: string): Promise<SessionUser> {
  const session = await api<{ user: SessionUser }>('/api/auth/login', { body: { username, password } });
  currentUser.value = session.user;
  loaded = true;
  return session.user;
}

export async function logout(): Promise<void> {
  await api('/api/auth/logout', { body: {} }).catch(() => {});
  currentUser.value = null;
}

/** Forget the user without asking the server (the session ended there). */
export function sessionEnded(): void {
  currentUser.value = null;
}

/** Where each role starts. */
export function homeOf(role: Role): string {
  return role === 'operator' ? '/desk' : role === 'supervisor' ? '/wall' : role === 'handler' ? '/work' : role === 'admin' ? '/admin' : '/login';
}
