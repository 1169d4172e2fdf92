// The operator's live call as Asterisk reports it (desk event `call-control`), and the requests that act on it.
import { api } from '../../shared/api.ts';

export type TransferTarget = { kind: 'operator'; extension: string } | { kind: 'queue'; queue: 'hotline-zh' | 'hotline-en' } | { kind: 'external'; number: string };

export interface CallControlState {
  callId: string;
  caseNumber: string | null;
  citizen: string | null;
  held: boolean;
  consult: { target: string; state: 'dialling' | 'talking' } | null;
  conference: boolean;
}

export const callActions = {
  dial: (number: string, caseNumber?: string) => api<{ id: string }>('/api/calls/dial', { body: caseNumber ? { number, caseNumber } : { number } }),
  hold: () => api('/api/calls/current/hold', { body: {} }),
  resume: () => api('/api/calls/current/resume', { body: {} }),
  transfer: (to: TransferTarget) => api('/api/calls/current/transfer', { body: { to } }),
  consult: (to: TransferTarget) => api('/api/calls/current/consult', { body: { to } }),
  conference: () => api('/api/calls/current/consult/conference', { body: {} }),
  complete: () => api('/api/calls/current/consult/complete', { body: {} }),
  cancel: () => api('/api/calls/current/consult/cancel', { body: {} }),
};
