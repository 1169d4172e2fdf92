// /healthz (alive), /readyz (DB, AMI, ARI), /metrics (Prometheus text).
import type { FastifyInstance } from 'fastify';
import type { ConnectionStatus } from '../../pbx/connection-status.ts';

export interface Readiness {
  database: () => boolean;
  ami: () => ConnectionStatus;
  ari: () => ConnectionStatus;
  /** Things an operator of the service should act on soon, which do not make it unready (the calendar's horizon). */
  warnings?: () => Record<string, string>;
}

export async function healthRoutes(
  app: FastifyInstance,
  options: { readiness: Readiness; renderMetrics: () => Promise<string>; metricsContentType: string },
) {
  const { readiness, renderMetrics, metricsContentType } = options;
  // Probes and scrapes come every few seconds: their requests are logged only when something is wrong.
  const quiet = { logLevel: 'warn' } as const;
  app.get('/healthz', quiet, async () => ({ status: 'alive' }));
  app.get('/readyz', quiet, async (_request, reply) => {
    const ami = readiness.ami();
    const ari = readiness.ari();
    const database = readiness.database();
    const down: Record<string, string> = {};
    if (!database) down.database = 'the SQLite database does not answer';
    if (ami.state !== 'connected') down.ami = `${ami.state}${ami.detail ? `: ${ami.detail}` : ''}`;
    if (ari.state !== 'connected') down.ari = `${ari.state}${ari.detail ? `: ${ari.detail}` : ''}`;
    const warnings = readiness.warnings?.() ?? {};
    const body = { status: Object.keys(down).length === 0 ? 'ready' : 'unready', down, warnings, ami, ari, database: database ? 'ok' : 'down' };
    return reply.code(body.status === 'ready' ? 200 : 503).send(body);
  });
  app.get('/metrics', quiet, async (_request, reply) => reply.type(metricsContentType).send(await renderMetrics()));
}
