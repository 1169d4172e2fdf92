// An account as GET /api/users shows it to admins (never a password hash).
export const ROLES = ['operator', 'supervisor', 'handler', 'admin', 'exchange'] as const;
export type AccountRole = (typeof ROLES)[number];

export interface Account {
  id: number;
  username: string;
  displayName: string;
  role: AccountRole;
  extension: string | null;
  languages: ('zh' | 'en')[];
  departmentId: number | null;
  disabled: boolean;
  /** Locked after too many wrong passwords, until then (ISO); null when not locked. */
  lockedUntil: string | null;
  createdAt: string;
}
