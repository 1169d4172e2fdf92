// Refusals a person can read. AJV says `body/citizenPhone must match pattern "^\+?[0-9]{3,20}$"`; the API
// says `body/citizenPhone: a phone number: digits, a leading + allowed, 3 to 20 of them` — the field's path
// first (the web app puts the refusal beside the field it names), then what the field takes, in words. A
// pattern is phrased by its schema's `description` (every pattern has one: test/unit/hostile-input.test.ts),
// never shown; Fastify's own refusals (a body too large, a media type it does not read) are phrased here too.
import type { FastifySchemaValidationError } from 'fastify';

interface Schema {
  type?: string | string[];
  description?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, unknown>;
  oneOf?: { properties?: { [tag: string]: { const?: unknown } } }[];
  enum?: unknown[];
}

type AjvError = FastifySchemaValidationError & { parentSchema?: Schema; schema?: unknown };

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a list',
  null: 'null',
};

/**
 * Patterns declared in route files without a `description` of their own, in words. A schema's own
 * `description` comes first; a pattern in neither reads "not in the form this field takes", never as itself.
 */
const PATTERN_WORDS: Record<string, string> = {
  '^[^\\r\\n]*$': 'one line: no line breaks',
  '\\S': 'must not be blank',
  '^[A-Za-z0-9_.-]{2,32}$': 'a user name: 2 to 32 letters (A-Z), digits and _ . -',
  '^[a-z0-9:-]{1,40}$': 'an audit action: 1 to 40 lower-case letters, digits, : and -',
  '^[a-z0-9-]{2,40}$': 'a code: 2 to 40 lower-case letters (a-z), digits and -',
  '^[1-9][0-9]{0,5}$': 'a page number from 1 to 999999, digits only',
  '^[1-9][0-9]{0,9}$': 'an id: a whole number from 1, digits only',
  '^20[0-9]{2}$': 'a year from 2000 to 2099',
  '^[0-9]{12}$': 'a case number: 12 digits (0-9)',
  '^[0-9]{3,20}$': 'a phone number: 3 to 20 digits (0-9), no spaces or dashes',
  '^10(0[1-9]|1[0-9]|20)$': 'an operator extension from 1001 to 1020',
  '^\\d{3,6}$': 'an extension: 3 to 6 digits (0-9)',
};

/** At most this many names in a list of what is allowed: past it, the first ones and how many more. */
const LISTED = 12;

function listOf(values: readonly unknown[]): string {
  const shown = values.slice(0, LISTED).map((value) => (value === null ? 'null' : String(value)));
  return values.length > LISTED ? `${shown.join(', ')} … (${values.length - LISTED} more)` : shown.join(', ');
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function range(schema: Schema | undefined, fallback: string): string {
  const kind = [schema?.type].flat().includes('integer') ? 'a whole number' : 'a number';
  const { minimum, maximum } = schema ?? {};
  if (minimum !== undefined && maximum !== undefined) return `${kind} from ${minimum} to ${maximum}`;
  return fallback;
}

/** What the field takes, for one AJV error. */
function phrase(error: AjvError, dataVar: string): string {
  const params = error.params as Record<string, unknown>;
  const schema = error.parentSchema;
  switch (error.keyword) {
    case 'type': {
      const types = [params.type as string | string[]].flat().flatMap((type) => String(type).split(','));
      return `must be ${types.map((type) => TYPE_WORDS[type] ?? type).join(' or ')}`;
    }
    case 'required':
      return 'required';
    case 'additionalProperties': {
      const known = Object.keys(schema?.properties ?? {});
      const what = dataVar === 'querystring' ? 'parameter' : 'field';
      return known.length ? `not a ${what} here (the ${what}s are ${listOf(known)})` : `not a ${what} here`;
    }
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `at least ${plural(params.limit as number, 'character')}`;
    case 'maxLength':
      return `at most ${plural(params.limit as number, 'character')}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return range(schema, `at least ${params.limit as number}`);
    case 'maximum':
    case 'exclusiveMaximum':
      return range(schema, `at most ${params.limit as number}`);
    case 'minItems':
      return `at least ${plural(params.limit as number, 'item')}`;
    case 'maxItems':
      return `at most ${plural(params.limit as number, 'item')}`;
    case 'uniqueItems':
      return `each item only once (items ${params.j as number} and ${params.i as number} are the same)`;
    case 'minProperties':
      return params.limit === 1 ? 'send at least one field' : `at least ${plural(params.limit as number, 'field')}`;
    case 'maxProperties':
      return `at most ${plural(params.limit as number, 'field')}`;
    case 'enum':
      return `one of ${listOf((error.schema as unknown[] | undefined) ?? [])}`;
    case 'const':
      return `must be ${String(params.allowedValue)}`;
    case 'pattern':
      return schema?.description ?? PATTERN_WORDS[String(params.pattern)] ?? 'not in the form this field takes';
    case 'format':
      return schema?.description ?? `must be ${String(params.format)}`;
    case 'discriminator': {
      const tags = (schema?.oneOf ?? []).map((branch) => branch.properties?.[params.tag as string]?.const).filter((tag) => tag !== undefined);
      return params.error === 'tag' ? 'must be text' : `one of ${listOf(tags)}`;
    }
    default:
      return schema?.description ?? error.message ?? 'not accepted';
  }
}

/** Where the error is: `body/subject`, `querystring/page`, `params/id`, or the part itself (`body`). */
function pathOf(error: AjvError, dataVar: string): string {
  const params = error.params as Record<string, unknown>;
  let path = `${dataVar}${error.instancePath}`;
  if (error.keyword === 'required') path += `/${String(params.missingProperty)}`;
  if (error.keyword === 'additionalProperties') path += `/${String(params.additionalProperty)}`;
  if (error.keyword === 'discriminator') path += `/${String(params.tag)}`;
  return path;
}

/** Fastify's schemaErrorFormatter: one readable sentence per error (AJV stops at the first). */
export function formatValidationErrors(errors: FastifySchemaValidationError[], dataVar: string): Error {
  return new Error(errors.map((error) => `${pathOf(error as AjvError, dataVar)}: ${phrase(error as AjvError, dataVar)}`).join('; '));
}

/** Fastify's own refusals of a request, before any schema, in words. */
const FRAMEWORK_MESSAGES: Record<string, (error: Error & { statusCode?: number }) => string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => 'the body is too large: at most 1 MB',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => 'send the body as JSON (Content-Type: application/json)',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => 'the Content-Length header does not match the body',
  FST_ERR_CTP_EMPTY_JSON_BODY: () => 'the body is empty but its Content-Type says JSON: send a JSON body, or no Content-Type',
  FST_ERR_CTP_INVALID_JSON_BODY: () => 'the body is not valid JSON',
  FST_ERR_BAD_URL: () => 'the address is not valid: a percent-encoded part of its path is not UTF-8',
};

/** The message a refusal carries: Fastify's own errors in words, any other as it was thrown. */
export function readableMessage(error: Error & { code?: string; statusCode?: number }): string {
  const framework = error.code ? FRAMEWORK_MESSAGES[error.code] : undefined;
  if (framework) return framework(error);
  // secure-json-parse refuses a "__proto__" or "constructor" key (prototype pollution).
  if (/forbidden prototype property/.test(error.message)) return 'the body has a forbidden key (__proto__ or constructor.prototype)';
  return error.message;
}
