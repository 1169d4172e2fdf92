// Reads the dialplan's ledger of answered calls (astdb, src/calls/answered-ledger.ts) over AMI: DBGetTree of
// each day's family (the server's AMI user may read astdb with its reporting class; it cannot write there).
import { ledgerFamilies } from '../calls/answered-ledger.ts';
import type { AmiClient } from './ami-client.ts';

export function amiAnsweredLedger(ami: AmiClient, now: () => Date = () => new Date()): () => Promise<{ key: string; value: string }[]> {
  return async () => {
    const entries: { key: string; value: string }[] = [];
    for (const family of ledgerFamilies(now())) {
      const events = await ami.listAction({ Action: 'DBGetTree', Family: family }, 'DBGetTreeComplete');
      for (const event of events) {
        if (event.event === 'DBGetTreeResponse' && typeof event.key === 'string') entries.push({ key: event.key, value: String(event.val ?? '') });
      }
    }
    return entries;
  };
}
