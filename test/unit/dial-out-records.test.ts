// A click-to-call's record is named by its channel id, which carries the time: named once per record, so a
// name made again a millisecond later cannot miss the row just written (CI saw a 500 from exactly that).
import { describe, expect, it } from 'vitest';
import { CallControlRepository } from '../../src/db/call-control-repository.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

describe('dial-out records', () => {
  it('are found by the one channel id they were named with, whatever the clock did meanwhile', async () => {
    const db = freshDatabase();
    const operator = await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' });
    const store = new CallControlRepository(db);
    let tick = 0;
    const record = store.createDialOut({ userId: operator.id, extension: '1001', number: '13800138000', caseId: null, operatorUniqueid: (id) => `hotline-dialout-${id}-t${++tick}` });
    expect(record).toMatchObject({ id: 1, operatorUniqueid: 'hotline-dialout-1-t1', number: '13800138000' });
    expect(tick).toBe(1);
    expect(store.dialOutByOperatorUniqueid('hotline-dialout-1-t1')?.id).toBe(1);
  });
});
