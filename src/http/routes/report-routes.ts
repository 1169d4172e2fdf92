// GET /api/reports/queues and /api/reports/agents: JSON, or CSV for a spreadsheet (Accept: text/csv).
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { startOfLocalDay } from '../../cases/working-days.ts';
import type { AuditRepository } from '../../db/audit-repository.ts';
import type { ReportRepository } from '../../db/report-repository.ts';
import type { UserRepository } from '../../db/user-repository.ts';
import type { KpiSettings } from '../../live/kpis.ts';
import { agentReport, queueReport, REPORT_INTERVALS, type ReportInterval } from '../../live/reports.ts';
import { requireRole } from '../auth-hooks.ts';
import { refuse } from './admin-schemas.ts';

const MOMENT = { type: 'string', minLength: 10, maxLength: 40 } as const;
const RANGE = { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: MOMENT, to: MOMENT } } as const;
const MAX_DAYS = { '15m': 31, '1h': 92, '1d': 732 } as const;

/** 2026-11-23 is that Beijing day's start; a full ISO time with its offset is that moment. */
export function moment(text: string): number | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const start = startOfLocalDay(text).getTime();
    return Number.isNaN(start) ? undefined : start;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}

const wantsCsv = (request: FastifyRequest) => /\btext\/csv\b/.test(request.headers.accept ?? '');

/** JSON for the wallboard; CSV is an export (a file that leaves the system), so the audit log names who took it. */
function send(request: FastifyRequest, reply: FastifyReply, audit: AuditRepository, name: string, body: { rows: object[] } & Record<string, unknown>) {
  if (!wantsCsv(request)) return body;
  audit.record({ actorUserId: request.user.id, action: 'report-exported', details: { report: name, from: body.from, to: body.to, interval: body.interval ?? null, rows: body.rows.length } });
  const flat = body.rows.map((row): Record<string, unknown> =>
    Object.fromEntries(Object.entries(row).flatMap(([key, value]) =>
      value !== null && typeof value === 'object' ? Object.entries(value).map(([inner, v]) => [`${key}.${inner || '(none)'}`, v]) : [[key, value]],
    )),
  );
  const columns = [...new Set(flat.flatMap((row) => Object.keys(row)))];
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(stringify(flat, { header: true, columns, cast: { number: (value) => String(Math.round(value * 10_000) / 10_000) } }));
}

export async function reportRoutes(app: FastifyInstance, options: { reports: ReportRepository; users: UserRepository; queues: readonly string[]; settings: KpiSettings; audit: AuditRepository }) {
  const { reports, users, queues, settings, audit } = options;

  /** The range of a report, or a 400 naming what is wrong with it. */
  const range = (reply: FastifyReply, query: { from: string; to: string }, maxDays: number) => {
    const from = moment(query.from);
    const to = moment(query.to);
    if (from === undefined) return void refuse(reply, 400, `querystring/from "${query.from}" is not a day (2026-11-23) or a time with its offset (2026-11-23T08:00:00+08:00)`);
    if (to === undefined) return void refuse(reply, 400, `querystring/to "${query.to}" is not a day (2026-11-24) or a time with its offset`);
    if (to <= from) return void refuse(reply, 400, 'querystring/to must come after querystring/from');
    if (to - from > maxDays * 86_400_000) return void refuse(reply, 400, `a report of this kind covers at most ${maxDays} days`);
    return { from, to };
  };

  app.get<{ Querystring: { from: string; to: string; interval?: ReportInterval } }>(
    '/api/reports/queues',
    {
      onRequest: requireRole('supervisor', 'admin'),
      schema: { querystring: { ...RANGE, properties: { ...RANGE.properties, interval: { type: 'string', enum: Object.keys(REPORT_INTERVALS) } } } },
    },
    async (request, reply) => {
      const interval = request.query.interval ?? '1h';
      const span = range(reply, request.query, MAX_DAYS[interval]);
      if (!span) return reply;
      const rows = queueReport(reports.callFacts(span.from, span.to), queues, span.from, span.to, interval, settings, Date.now());
      return send(request, reply, audit, 'queues', { from: new Date(span.from).toISOString(), to: new Date(span.to).toISOString(), interval, rows });
    },
  );

  app.get<{ Querystring: { from: string; to: string } }>('/api/reports/agents', { onRequest: requireRole('supervisor', 'admin'), schema: { querystring: RANGE } }, async (request, reply) => {
    const span = range(reply, request.query, MAX_DAYS['1d']);
    if (!span) return reply;
    const operators = users
      .list()
      .filter((user) => user.extension && (user.role === 'operator' || user.role === 'supervisor'))
      .map((user) => ({ userId: user.id, username: user.username, name: user.displayName, extension: user.extension }));
    const rows = agentReport(operators, reports.statusChanges(span.from, span.to), reports.callFacts(span.from, span.to), span.from, span.to, Date.now());
    return send(request, reply, audit, 'agents', { from: new Date(span.from).toISOString(), to: new Date(span.to).toISOString(), rows });
  });
}
