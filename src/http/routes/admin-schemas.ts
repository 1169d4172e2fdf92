// JSON-schema pieces and the refusal reply shared by the admin routes.
import type { FastifyReply } from 'fastify';

/** `:id` in a path: a positive integer, as digits (params are not coerced). */
export const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,9}$', description: 'an id: a whole number from 1, digits only' } },
} as const;

export const ROW_ID = { type: 'integer', minimum: 1, maximum: 2_147_483_647 } as const;

/**
 * A name shown in the desk and in reports: 1–100 characters, something besides spaces, no control
 * characters, no direction overrides or isolates (U+202A–E, U+2066–9: they reorder how text displays), no
 * half of a surrogate pair, and nothing that reads as an HTML tag, comment or closing tag (`<` then a letter, / or !).
 */
export const DISPLAY_NAME = {
  type: 'string',
  minLength: 1,
  maxLength: 100,
  pattern: '^(?!.*<[A-Za-z/!])(?=.*\\S)[^\\u0000-\\u001f\\u007f\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff]+$',
  description: 'a name: not only spaces, no control characters (line breaks, tabs, NUL), direction overrides or HTML markup',
} as const;

/** A short label (a holiday's name): as a name, but it may be empty. */
export const LABEL = {
  type: 'string',
  maxLength: 40,
  pattern: '^(?!.*<[A-Za-z/!])[^\\u0000-\\u001f\\u007f\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff]*$',
  description: 'a label: no control characters (line breaks, tabs, NUL), direction overrides or HTML markup',
} as const;

const ERRORS: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict' };

export function refuse(reply: FastifyReply, statusCode: 400 | 404 | 409, message: string) {
  return reply.code(statusCode).send({ statusCode, error: ERRORS[statusCode], message });
}
