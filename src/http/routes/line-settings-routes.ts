// The line's settings (announcements, waits, wrap-up, call-back retries, recording retention), the pause
// reasons and the opening hours: read by supervisors and admins, replaced by admins (audited), in effect for
// the next caller.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditRepository } from '../../db/audit-repository.ts';
import type { SettingsRepository } from '../../db/settings-repository.ts';
import { MAX_OPENING_HOURS_LENGTH, OpeningHoursError } from '../../ivr/opening-hours.ts';
import { LineSettingsError } from '../../queues/line-settings.ts';
import { requireRole } from '../auth-hooks.ts';
import { refuse } from './admin-schemas.ts';

export async function lineSettingsRoutes(app: FastifyInstance, options: { settings: SettingsRepository; audit: AuditRepository; onChanged: () => void }) {
  const { settings, audit, onChanged } = options;
  /** A PUT handler: validated and stored by `write`, audited as `action` with what it was and is. */
  const replace =
    <T>(action: string, read: () => T, write: (body: unknown) => T) =>
    async (request: FastifyRequest<{ Body: unknown }>, reply: FastifyReply) => {
      const before = read();
      try {
        const stored = write(request.body);
        audit.record({ actorUserId: request.user.id, action, details: { before, after: stored } });
        request.log.info({ by: request.user.username }, `${action} replaced`);
        onChanged();
        return stored;
      } catch (error) {
        if (error instanceof LineSettingsError || error instanceof OpeningHoursError) return refuse(reply, 400, error.message);
        throw error;
      }
    };

  app.get('/api/admin/line-settings', { onRequest: requireRole('admin', 'supervisor') }, async () => settings.lineSettings());
  app.put<{ Body: unknown }>(
    '/api/admin/line-settings',
    { onRequest: requireRole('admin'), schema: { body: { type: 'object', maxProperties: 10 } } },
    replace('line-settings', () => settings.lineSettings(), (body) => settings.setLineSettings(body)),
  );

  app.get('/api/admin/pause-reasons', { onRequest: requireRole('admin', 'supervisor') }, async () => settings.pauseReasons());
  app.put<{ Body: unknown }>(
    '/api/admin/pause-reasons',
    { onRequest: requireRole('admin'), schema: { body: { type: 'array', maxItems: 30 } } },
    replace('pause-reasons', () => settings.pauseReasons(), (body) => settings.setPauseReasons(body)),
  );

  /** The rules in force, and HOTLINE_OPENING_HOURS's (in force until an admin sets some). */
  const openingHours = () => ({ text: settings.openingHours().text, defaultText: settings.defaultOpeningHours.text });
  app.get('/api/admin/opening-hours', { onRequest: requireRole('admin', 'supervisor') }, async () => openingHours());
  app.put<{ Body: unknown }>(
    '/api/admin/opening-hours',
    {
      onRequest: requireRole('admin'),
      // The shape only; validateOpeningHoursSetting parses the rules and names what it refuses.
      schema: { body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', maxLength: MAX_OPENING_HOURS_LENGTH } } } },
    },
    replace('opening-hours', openingHours, (body) => (settings.setOpeningHours(body), openingHours())),
  );
}
