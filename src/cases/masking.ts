// What of a citizen each reader sees. Informants on confidential cases are hidden from everyone but
// the operator who registered the case and supervisors.
import type { Actor, CaseRecord } from './case-model.ts';

/** 13800138000 → 138****8000; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  if (phone.length >= 7) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`;
}

export function seesInformant(actor: Actor, record: Pick<CaseRecord, 'confidential' | 'registeredBy' | 'createdBy'>): boolean {
  if (!record.confidential) return true;
  if (actor.role === 'supervisor') return true;
  return actor.role === 'operator' && (record.registeredBy === actor.id || (record.registeredBy === null && record.createdBy === actor.id));
}

/**
 * Who may make an informant confidential, or lift it: supervisors, and the operator who registered the
 * case (or, before registration, the operator who took the call or created it). Nobody else — lifting it
 * would unmask the informant to everyone.
 */
export function mayChangeConfidentiality(actor: Actor, record: Pick<CaseRecord, 'registeredBy' | 'createdBy'>): boolean {
  if (actor.role === 'supervisor') return true;
  return actor.role === 'operator' && (record.registeredBy === actor.id || (record.registeredBy === null && record.createdBy === actor.id));
}

export function maskedForActor<T extends Pick<CaseRecord, 'confidential' | 'registeredBy' | 'createdBy' | 'callerPhone' | 'citizenName' | 'citizenAddress'>>(
  actor: Actor,
  record: T,
): T & { masked: boolean } {
  if (seesInformant(actor, record)) return { ...record, masked: false };
  return {
    ...record,
    callerPhone: record.callerPhone ? maskPhone(record.callerPhone) : null,
    citizenName: record.citizenName ? '***' : null,
    citizenAddress: record.citizenAddress ? '***' : null,
    masked: true,
  };
}
