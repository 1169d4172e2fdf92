// The port the case service stores through; src/db/case-registry-repository.ts implements it on SQLite.
import type { Actor, CaseRecord, CaseStatus, Colour, Stage } from './case-model.ts';
import type { CaseSummary } from './case-store.ts';

export type NewCase = Omit<
  CaseRecord,
  'id' | 'number' | 'createdAt' | 'registeredAt' | 'closedAt' | 'updatedAt' | 'registeredBy' | 'handlingResult' | 'reply' | 'satisfaction' | 'mergedInto' | 'callId'
> & { callId?: number | null };

export interface CaseEventInput {
  action: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  actorUserId: number | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export interface CaseEvent extends CaseEventInput {
  id: number;
  at: string;
  /** The display name of who did it (null: the system). */
  actor?: string | null;
}

export interface CaseQuery {
  number?: string;
  phone?: string;
  status?: CaseStatus;
  kind?: string;
  departmentId?: number;
  enterprise?: string;
  text?: string;
  colour?: Colour;
  /** Cases this user created (took from a call) or registered. */
  mineOf?: number;
  /** Only cases past registration and not final (a worklist's open cases). */
  openOnly?: boolean;
  /** Limits what a handler or an exchange client may find. */
  onlyDepartmentId?: number;
  onlyCreatedBy?: number;
  /** Who searches: `phone` matches only cases whose informant they may see (no oracle on masked fields). */
  viewer?: Actor;
  page: number;
  pageSize: number;
}

export interface ExtensionRequest {
  id: number;
  caseId: number;
  extraWorkingDays: number;
  reason: string;
  requestedBy: number;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
}

export interface SupervisionEntry {
  id: number;
  caseNumber: string;
  kind: 'overdue' | 'manual';
  deadline: string | null;
  note: string | null;
  createdAt: string;
  stage: Stage | null;
  status: CaseStatus;
  departmentId: number | null;
}

/**
 * What a commit must survive: a power cut (synced to disk before it returns, the default) or a crash of the
 * process (no sync of its own; the next power-cut commit syncs it too).
 */
export type Durability = 'power-cut' | 'crash';

/** A search counts its matches exactly up to this many; beyond it the total is this, marked capped ("10,000+"). */
export const SEARCH_COUNT_CAP = 10_000;

export interface CaseSearchResult {
  total: number;
  /** True when there are more than SEARCH_COUNT_CAP matches (total is then the cap). */
  totalCapped: boolean;
  items: CaseRecord[];
}

export interface CaseRegistry {
  transaction<T>(work: () => T, durability?: Durability): T;
  byNumber(number: string): CaseRecord | undefined;
  byId(id: number): CaseRecord | undefined;
  /** The case a call created (its draft), if any. */
  byCallId(callId: number): CaseRecord | undefined;
  /** A caller's earlier cases, newest first, leaving out confidential ones whose informant `viewer` may not see. */
  historyForPhone(phone: string, excludeNumber: string | null, limit: number, viewer: Actor): CaseSummary[];
  /** The next case number of `at`'s day, inside the caller's transaction (a rollback gives it back). */
  allocateNumber(at: Date): string;
  /** Stores a new case under `number` (allocated here when not given). */
  create(fields: NewCase, at: Date, number?: string): CaseRecord;
  update(id: number, changes: Partial<CaseRecord>): CaseRecord;
  appendEvent(caseId: number, event: CaseEventInput): void;
  history(caseId: number): CaseEvent[];
  search(query: CaseQuery): CaseSearchResult;
  /** Open cases whose next check is due by `nowIso`, soonest first. */
  dueForCheck(nowIso: string, limit: number): CaseRecord[];
  setTiming(id: number, timing: { colour: Colour | null; nextCheckAt: string | null }): void;
  /** Open cases with a deadline at or after `fromIso`, by id after `afterId` (for recounting in batches). */
  openWithDeadlineFrom(fromIso: string, afterId: number, limit: number): CaseRecord[];
  addExtensionRequest(caseId: number, extraWorkingDays: number, reason: string, requestedBy: number): ExtensionRequest;
  extensionRequest(id: number): ExtensionRequest | undefined;
  pendingExtensions(onlyDepartmentId?: number): (ExtensionRequest & { caseNumber: string; requestedByName: string | null; dueAt: string | null })[];
  pendingExtension(caseId: number): ExtensionRequest | undefined;
  decideExtension(id: number, status: 'approved' | 'rejected', decidedBy: number, at: Date): void;
  /** Returns false when this deadline was escalated before. */
  addSupervision(caseId: number, kind: 'overdue' | 'manual', deadline: string | null, note: string | null, createdBy: number | null): boolean;
  openSupervision(onlyDepartmentId?: number): SupervisionEntry[];
  resolveSupervision(caseId: number, at: Date): void;
  departmentExists(id: number): boolean;
}
