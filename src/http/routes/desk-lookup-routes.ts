// What the desk's case form looks up: GET /api/product-categories (everyone signed in), PUT
// /api/admin/product-categories (admins replace the table; audited), GET /api/enterprises?q= (suggestions
// from earlier cases, for the people who file cases).
import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../db/audit-repository.ts';
import { DeskLookupRepository, ProductCategoryError, type ProductCategory } from '../../db/desk-lookup-repository.ts';
import { requireRole } from '../auth-hooks.ts';
import { DISPLAY_NAME, refuse } from './admin-schemas.ts';

const categoryName = { ...DISPLAY_NAME, maxLength: 60 };

export async function deskLookupRoutes(app: FastifyInstance, options: { lookups: DeskLookupRepository; audit: AuditRepository }) {
  const { lookups, audit } = options;

  app.get<{ Querystring: { all?: string } }>(
    '/api/product-categories',
    { schema: { querystring: { type: 'object', additionalProperties: false, properties: { all: { type: 'string', enum: ['true', 'false'] } } } } },
    async (request) => ({ categories: lookups.productCategories({ includeRetired: request.query.all === 'true' }) }),
  );

  app.put<{ Body: { categories: Omit<ProductCategory, 'active' | 'sort'>[] } }>(
    '/api/admin/product-categories',
    {
      onRequest: requireRole('admin'),
      schema: {
        body: {
          type: 'object',
          required: ['categories'],
          additionalProperties: false,
          properties: {
            categories: {
              type: 'array',
              minItems: 1,
              maxItems: 500,
              items: {
                type: 'object',
                required: ['code', 'nameZh', 'nameEn'],
                additionalProperties: false,
                properties: { code: { type: 'string', minLength: 1, maxLength: 62 }, parentCode: { type: ['string', 'null'], maxLength: 31 }, nameZh: categoryName, nameEn: categoryName },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      try {
        const result = lookups.replaceProductCategories(request.body.categories);
        audit.record({ actorUserId: request.user.id, action: 'product-categories', details: result });
        request.log.info({ by: request.user.username, ...result }, 'product categories replaced');
        return { ...result, categories: lookups.productCategories() };
      } catch (error) {
        if (error instanceof ProductCategoryError) return refuse(reply, 400, error.message);
        throw error;
      }
    },
  );

  app.get<{ Querystring: { q: string } }>(
    '/api/enterprises',
    {
      onRequest: requireRole('operator', 'supervisor'),
      schema: { querystring: { type: 'object', required: ['q'], additionalProperties: false, properties: { q: { type: 'string', minLength: 1, maxLength: 100 } } } },
    },
    async (request) => ({ enterprises: lookups.enterprises(request.query.q.trim() || request.query.q) }),
  );
}
