// The line's settings (announcements, waits, wrap-up, call-back retries, recording retention) and the pause
// reasons: read by supervisors and admins, replaced by admins, in effect for the next caller.
import type { FastifyInstance } from 'fastify';
import type { SettingsRepository } from '../../db/settings-repository.ts';
import { LineSettingsError } from '../../queues/line-settings.ts';
import { requireRole } from '../auth-hooks.ts';
import { refuse } from './admin-schemas.ts';

export async function lineSettingsRoutes(app: FastifyInstance, options: { settings: SettingsRepository; onChanged: () => void }) {
  const { settings, onChanged } = options;
  const replace = <T>(what: string, write: (body: unknown) => T) =>
    async (request: { body: unknown; user: { username: string }; log: { info: (fields: object, message: string) => void } }, reply: Parameters<typeof refuse>[0]) => {
      try {
        const stored = write(request.body);
        request.log.info({ by: request.user.username }, `${what} replaced`);
        onChanged();
        return stored;
      } catch (error) {
        if (error instanceof LineSettingsError) return refuse(reply, 400, error.message);
        throw error;
      }
    };

  app.get('/api/admin/line-settings', { onRequest: requireRole('admin', 'supervisor') }, async () => settings.lineSettings());
  app.put<{ Body: unknown }>(
    '/api/admin/line-settings',
    { onRequest: requireRole('admin'), schema: { body: { type: 'object', maxProperties: 10 } } },
    replace('line settings', (body) => settings.setLineSettings(body)),
  );

  app.get('/api/admin/pause-reasons', { onRequest: requireRole('admin', 'supervisor') }, async () => settings.pauseReasons());
  app.put<{ Body: unknown }>(
    '/api/admin/pause-reasons',
    { onRequest: requireRole('admin'), schema: { body: { type: 'array', maxItems: 30 } } },
    replace('pause reasons', (body) => settings.setPauseReasons(body)),
  );
}
