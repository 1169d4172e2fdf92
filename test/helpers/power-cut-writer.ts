// A child process that writes to a hotline database file as the server does — cases created and edited
// through the case service (each with its append-only trail), the audit log, a call's progress without
// an fsync of its own — in a loop, until it is killed. After each commit it prints one line:
//   committed <case number> <audit entry id>
// so the test knows what the database owes it after a kill -9. Run: node --import tsx power-cut-writer.ts DB USER_ID
import { CaseService } from '../../src/cases/case-service.ts';
import { DeadlineClock } from '../../src/cases/deadlines.ts';
import { AuditRepository } from '../../src/db/audit-repository.ts';
import { CallRepository } from '../../src/db/call-repository.ts';
import { CaseRegistryRepository } from '../../src/db/case-registry-repository.ts';
import { openDatabase } from '../../src/db/database.ts';
import { SettingsRepository } from '../../src/db/settings-repository.ts';

const [file, userIdArgument] = process.argv.slice(2);
if (!file || !userIdArgument) throw new Error('usage: power-cut-writer.ts DB USER_ID');
const db = openDatabase(file);
const settings = new SettingsRepository(db);
const cases = new CaseService(new CaseRegistryRepository(db), new DeadlineClock(() => settings.timeLimits()));
const audit = new AuditRepository(db);
const calls = new CallRepository(db);
const actor = { id: Number(userIdArgument), role: 'operator' as const, departmentId: null };
const latest = db.$client.prepare('select max(id) as id from audit_events');
const tag = `${process.pid}`;

for (let n = 0; ; n++) {
  // a call's progress (NORMAL sync), then a case (FULL), an edit of it, and an audit entry
  const uniqueid = `${tag}.${n}`;
  calls.ensure({ uniqueid, linkedid: uniqueid, caller: '13800138000', enteredAt: new Date().toISOString() });
  calls.update(uniqueid, { lang: 'zh', queue: 'hotline-zh' });
  const created = cases.create({ kind: 'complaint', subject: `power cut ${tag} #${n}`, description: 'x'.repeat(2_000), citizenPhone: '13800138000' }, actor);
  cases.update(created.number, { description: `edited ${tag} #${n} ${'y'.repeat(2_000)}` }, actor);
  audit.record({ actorUserId: actor.id, action: 'power-cut-test', details: { caseNumber: created.number, n } });
  const auditId = (latest.get() as { id: number }).id;
  process.stdout.write(`committed ${created.number} ${auditId}\n`);
}
