declare module 'asterisk-manager' {
  import type { EventEmitter } from 'node:events';
  export type AmiMessage = Record<string, unknown>;
  interface Manager extends Pick<EventEmitter, 'on' | 'once' | 'removeListener' | 'removeAllListeners' | 'emit' | 'listeners'> {
    options: { port: number; host: string; username: string; password: string; events: boolean | string };
    connect(port: number, host: string, callback?: (err: Error | null) => void): void;
    login(callback: (err?: AmiMessage) => void): void;
    action(action: Record<string, unknown>, callback: (err: AmiMessage | undefined, res: AmiMessage) => void): string;
    disconnect(callback?: () => void): void;
    isConnected(): boolean;
  }
  function AsteriskManager(port?: number, host?: string, username?: string, password?: string, events?: boolean): Manager;
  export default AsteriskManager;
}
