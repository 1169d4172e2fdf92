// The connection state every adapter reports to /readyz and the desks.
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'auth-failed';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Why it is not connected, in words an operator of the server can act on. */
  detail?: string;
  since: string;
}

export function connectionStatus(state: ConnectionState, detail?: string): ConnectionStatus {
  return { state, detail, since: new Date().toISOString() };
}
