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
  createdAt: string;
}
