// The operator's live call as Asterisk reports it (desk event `call-control`), and the requests that act on it.
import { api } from '../../shared/api.ts';

import type { TransferTarget } from '../../../calls/call-control-model.ts';

export { describeTarget, type CallControlState, type TransferTarget } from '../../../calls/call-control-model.ts';

export const callActions = {
  dial: (number: string, caseNumber?: string) => api<{ id: string }>('/api/calls/dial', { body: caseNumber ? { number, caseNumber } : { number } }),
  hold: () => api('/api/calls/current/hold', { body: {} }),
  resume: () => api('/api/calls/current/resume', { body: {} }),
  hangUp: () => api('/api/calls/current/hangup', { body: {} }),
  transfer: (to: TransferTarget) => api('/api/calls/current/transfer', { body: { to } }),
  consult: (to: TransferTarget) => api('/api/calls/current/consult', { body: { to } }),
  conference: () => api('/api/calls/current/consult/conference', { body: {} }),
  complete: () => api('/api/calls/current/consult/complete', { body: {} }),
  cancel: () => api('/api/calls/current/consult/cancel', { body: {} }),
};
