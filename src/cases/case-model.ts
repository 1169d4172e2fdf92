// The case (工单) vocabulary: kinds, channels, states, and the shape of a case record.
import type { Language } from '../config.ts';

export const CASE_KINDS = ['consultation', 'complaint', 'report', 'suggestion', 'praise', 'conduct'] as const;
export const CASE_CHANNELS = ['phone', 'voicemail', 'web', 'email', 'fax', 'letter', 'walk-in', 'social-media', 'transfer'] as const;
export const CASE_STATUSES = [
  'draft',
  'registered',
  'dispatched',
  'accepted',
  'handled',
  'replied',
  'visited',
  'closed',
  'returned',
  'not-accepted',
  'merged',
] as const;
export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export const SATISFACTIONS = ['satisfied', 'basically', 'unsatisfied'] as const;
export const COLOURS = ['green', 'yellow', 'red'] as const;
export const STAGES = ['registration', 'handling', 'sign-for', 'return-visit'] as const;
export const ROLES = ['operator', 'supervisor', 'handler', 'admin', 'exchange'] as const;

export type CaseKind = (typeof CASE_KINDS)[number];
export type CaseChannel = (typeof CASE_CHANNELS)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type Urgency = (typeof URGENCIES)[number];
export type Satisfaction = (typeof SATISFACTIONS)[number];
export type Colour = (typeof COLOURS)[number];
export type Stage = (typeof STAGES)[number];
export type Role = (typeof ROLES)[number];

/** States in which nothing more is expected of anyone. */
export const FINAL_STATUSES: ReadonlySet<CaseStatus> = new Set(['closed', 'not-accepted', 'merged']);

export interface CaseRecord {
  id: number;
  number: string;
  status: CaseStatus;
  kind: CaseKind | null;
  channel: CaseChannel;
  callerPhone: string | null;
  citizenName: string | null;
  citizenAddress: string | null;
  anonymous: boolean;
  confidential: boolean;
  lang: Language;
  subject: string | null;
  description: string | null;
  productCategory: string | null;
  product: string | null;
  enterpriseName: string | null;
  enterpriseAddress: string | null;
  place: string | null;
  goodsValueFen: number | null;
  lossesRecoveredFen: number | null;
  urgency: Urgency;
  departmentId: number | null;
  callId: number | null;
  transferSource: string | null;
  transferReference: string | null;
  createdBy: number | null;
  registeredBy: number | null;
  handlingResult: string | null;
  reply: string | null;
  satisfaction: Satisfaction | null;
  mergedInto: number | null;
  dueAt: string | null;
  stage: Stage | null;
  stageStartedAt: string | null;
  stageDueAt: string | null;
  colour: Colour | null;
  /** When the escalation job looks at the case next (its colour may change then). */
  nextCheckAt: string | null;
  createdAt: string;
  registeredAt: string | null;
  closedAt: string | null;
  updatedAt: string | null;
}

/** Who is acting: enough of a user for the rules. */
export interface Actor {
  id: number;
  role: Role;
  departmentId: number | null;
}
