// A route's URL with its :params filled by real rows, shared by the authorisation matrix and the masking test.
export interface ParamIds {
  caseNumber: string;
  userId: number;
  departmentId: number;
  callbackId: number;
  callId: number;
  /** Rows of another operator's call, where there are some (the matrix seeds them). */
  recordingId?: number;
  dialOutId?: number;
}

export function fillParams(url: string, ids: ParamIds): string {
  const idOf: [string, number][] = [
    ['/api/departments/', ids.departmentId],
    ['/api/users/', ids.userId],
    ['/api/admin/users/', ids.userId],
    ['/api/wall/agents/', ids.userId],
    ['/api/callbacks/', ids.callbackId],
    ['/api/abandoned/', ids.callId],
    ['/api/recordings/', ids.recordingId ?? 1],
    // No message row: its routes answer 404 naming the id, past authorisation.
    ['/api/voicemails/', 1],
    ['/api/calls/dial-outs/', ids.dialOutId ?? 1],
  ];
  return url
    .replace(':number', ids.caseNumber)
    .replace(':year', '2026')
    .replace(':section', 'users')
    .replace(/\*$/, 'index.css')
    .replace(':id', () => String(idOf.find(([prefix]) => url.startsWith(prefix))?.[1] ?? 'unfilled'));
}
