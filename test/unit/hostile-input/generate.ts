// Bad requests generated from the server's own OpenAPI document: per route and method, from its params,
// querystring and body schemas, each changing a valid request in one place so that the schema refuses it
// (wrong types, missing and extra fields, lengths past the bounds, huge numbers, unicode edge cases, markup,
// path traversal in id parameters), plus wrong content types, oversized bodies and broken credentials.
import { patternSamples, refuses, sample, typesOf, type Schema } from './schema-values.ts';

export const CATEGORIES = ['wrong-type', 'missing', 'extra', 'length', 'number', 'unicode', 'markup', 'traversal', 'content-type', 'oversize', 'auth'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Operation {
  method: string;
  /** OpenAPI form: /api/users/{id} */
  path: string;
  params: Record<string, Schema>;
  query: Schema | undefined;
  body: Schema | undefined;
}

export interface BadRequest {
  category: Category;
  operation: Operation;
  method: string;
  /** Sent as is (already percent-encoded where meant to be). */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Sent without credentials, or with broken ones (auth); otherwise as a role that may call the route. */
  anonymous: boolean;
  /** The field the refusal must name (body/…, querystring/…, params/…); none for content types, sizes and auth. */
  field?: string;
  /** What the refused value was, for the failure message. */
  what: string;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Bigger than the server's body limit (1 MiB). */
const OVERSIZE_BYTES = 1_048_576 + 1_024;

/** The operations of the document, their parameters collected into schemas. */
export function operationsOf(document: { paths: Record<string, Record<string, any>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, spec] of Object.entries(methods)) {
      const params: Record<string, Schema> = {};
      const query: Schema = { type: 'object', properties: {}, required: [], additionalProperties: false };
      for (const parameter of spec.parameters ?? []) {
        if (parameter.in === 'path') params[parameter.name] = parameter.schema;
        if (parameter.in === 'query') {
          query.properties![parameter.name] = parameter.schema;
          if (parameter.required) query.required!.push(parameter.name);
        }
      }
      const body = spec.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      operations.push({ method: method.toUpperCase(), path, params, query: Object.keys(query.properties!).length ? query : undefined, body });
    }
  }
  return operations;
}

/** A value mutated at `path` inside `base` (a copy); `undefined` removes the key. */
function setAt(base: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(base) as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

interface Mutation {
  category: Category;
  path: string[];
  value: unknown;
  field: string;
  what: string;
  /** Valid values put in first, outermost first: an optional object the mutation is inside, a union's branch. */
  fills?: { at: string[]; value: unknown }[];
}

/** The key of the one entry put in a map (a day, as the holiday calendar's maps have). */
const MAP_KEY = '2026-10-01';
const NUMBERS = [1e308, -1e308, 2 ** 63, -(2 ** 63), 1.5, -1, 0];
const WRONG_TYPES: unknown[] = [42, 'text', true, {}, [], null];
const fullWidth = (text: string) => text.replace(/[0-9]/g, (digit) => String.fromCharCode(0xff10 + Number(digit)));

/** Strings that break the schema of one string field: unicode edge cases, markup, lengths past the bounds. */
function stringCandidates(schema: Schema, valid: string): [Category, string, string][] {
  const candidates: [Category, string, string][] = [
    ['unicode', `${valid}\u0000`, 'a NUL character'],
    ['unicode', `\uD800${valid}`, 'a lone surrogate'],
    ['unicode', `\u202E${valid}`, 'a right-to-left override'],
    ['unicode', `${valid}\u2066`, 'a direction isolate'],
    ['unicode', `${valid}\u000B`, 'a vertical tab'],
    ['markup', '<script>alert(1)</script>', 'a script tag'],
    ['markup', `${valid}<img src=x onerror=alert(1)>`, 'an image tag with a handler'],
    ['markup', '<!-- x -->', 'an HTML comment'],
  ];
  if (/[0-9]/.test(valid)) candidates.push(['unicode', fullWidth(valid), 'full-width digits']);
  if (/^[0-9]+$/.test(valid)) candidates.push(['number', '1e308', 'a number in exponent form'], ['number', '9223372036854775808', '2^63'], ['number', '-0', 'minus zero'], ['number', 'NaN', 'NaN'], ['number', '0x10', 'hexadecimal']);
  if (schema.maxLength !== undefined) candidates.push(['length', 'a'.repeat(schema.maxLength + 1), `${schema.maxLength + 1} characters`]);
  if ((schema.minLength ?? 0) > 0) candidates.push(['length', '', 'an empty string']);
  if (schema.pattern !== undefined) candidates.push(['length', `${valid} `.repeat(50), 'the value 50 times over']);
  return candidates;
}

/** Every mutation of `schema` at `path` (recursing into objects, one branch of a discriminated union each). */
function mutations(schema: Schema, path: string[], samples: Record<string, string>, field: string): Mutation[] {
  const found: Mutation[] = [];
  const at = (category: Category, value: unknown, what: string, named = field) => found.push({ category, path, value, field: named, what });
  if (schema.oneOf) {
    for (const branch of schema.oneOf) {
      const value = sample(branch, samples);
      found.push(...mutations(branch, path, samples, field).map((mutation) => ({ ...mutation, fills: [{ at: path, value }, ...(mutation.fills ?? [])] })));
    }
    return found;
  }
  // (A null body is no body: a route whose body is optional takes it as {}.)
  for (const value of WRONG_TYPES) if (refuses({ type: typesOf(schema) }, value) && !(value === null && path.length === 0)) at('wrong-type', value, `a ${value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value}`);
  const types = typesOf(schema);
  if (types.includes('integer') || types.includes('number')) {
    for (const value of NUMBERS) if (refuses(schema, value)) at('number', value, String(value));
    if ((schema.minimum ?? -Infinity) > 0) at('number', -0, 'minus zero');
    if (schema.minimum !== undefined) at('number', schema.minimum - 1, `${schema.minimum - 1}, below the minimum`);
    if (schema.maximum !== undefined) at('number', schema.maximum + 1, `${schema.maximum + 1}, above the maximum`);
  }
  if (types.includes('string')) {
    const valid = String(sample({ ...schema, type: 'string', nullable: false }, samples));
    for (const [category, value, what] of stringCandidates(schema, valid)) if (refuses(schema, value)) at(category, value, what);
  }
  if (types.includes('array')) {
    const item = sample(schema.items ?? {}, samples);
    if (schema.maxItems !== undefined) at('length', Array.from({ length: schema.maxItems + 1 }, () => item), `${schema.maxItems + 1} items`);
    if ((schema.minItems ?? 0) > 0) {
      at('length', [], 'an empty list');
      // the first item (the sample has one) is mutated like any object
      if (schema.items) found.push(...mutations(schema.items, [...path, '0'], samples, field));
    }
  }
  if (types.includes('object')) {
    if (schema.maxProperties !== undefined) at('length', Object.fromEntries(Array.from({ length: schema.maxProperties + 1 }, (_, i) => [`k${i}`, 1])), `${schema.maxProperties + 1} fields`);
    if ((schema.minProperties ?? 0) > 0) at('missing', {}, 'an empty object');
    for (const name of schema.required ?? []) found.push({ category: 'missing', path: [...path, name], value: undefined, field: name, what: `without ${name}` });
    if (schema.additionalProperties === false) found.push({ category: 'extra', path: [...path, 'isAdmin'], value: true, field: 'isAdmin', what: 'an unknown field isAdmin' });
    // a map (day → holiday name): one entry, mutated like a property
    if (typeof schema.additionalProperties === 'object') {
      for (const mutation of mutations(schema.additionalProperties, [...path, MAP_KEY], samples, MAP_KEY)) found.push(mutation);
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const at = [...path, name];
      const value = sample(property, samples);
      for (const mutation of mutations(property, at, samples, name)) {
        found.push(mutation.path.length > at.length ? { ...mutation, fills: [{ at, value }, ...(mutation.fills ?? [])] } : mutation);
      }
    }
  }
  return found;
}

/** Path traversal and other garbage in one id parameter (percent-encoded where a raw form would change the route). */
const PARAM_GARBAGE: [Category, string, string][] = [
  ['traversal', '..%2F..%2Fetc%2Fpasswd', '../../etc/passwd, encoded'],
  ['traversal', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '../../etc/passwd, lower-case encoded'],
  ['traversal', '%252e%252e%252fetc%252fpasswd', 'double-encoded ../'],
  ['traversal', '..%5C..%5Cwindows%5Cwin.ini', '..\\..\\windows\\win.ini'],
  ['traversal', '..', '..'],
  ['traversal', '..%00', '.. and NUL'],
  ['unicode', '%00', 'a NUL character'],
  ['unicode', '%ED%A0%80', 'a lone surrogate (CESU-8; refused as an address that is not UTF-8)'],
  ['unicode', '%E2%80%AE1', 'a right-to-left override'],
  ['unicode', '%EF%BC%91', 'a full-width 1'],
  ['markup', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'a script tag'],
  ['number', '0', 'zero'],
  ['number', '-1', 'minus one'],
  ['number', '1e308', '1e308'],
  ['number', '9223372036854775808', '2^63'],
  ['number', 'NaN', 'NaN'],
  ['number', '99999999999999999999999', 'a 23-digit number'],
];

/** The raw traversal forms: the route no longer matches (404), and no file is served. */
const RAW_TRAVERSAL = ['../../../../etc/passwd', '..\\..\\..\\package.json', '....//....//etc/passwd', './../.%2e/etc'];

export interface Context {
  /** Valid values of path parameters per operation path (an existing row where there is one). */
  params: (operation: Operation, name: string) => string;
  caseNumber: string;
}

const encodeQuery = (query: Record<string, unknown>) =>
  Object.entries(query)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');

function urlOf(operation: Operation, context: Context, override: Record<string, string> = {}): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => override[name] ?? encodeURIComponent(context.params(operation, name)));
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The bad requests of one operation. */
export function badRequests(operation: Operation, context: Context): BadRequest[] {
  const samples = patternSamples(context.caseNumber);
  const requests: BadRequest[] = [];
  const baseUrl = urlOf(operation, context);
  const validQuery = operation.query ? (sample(operation.query, samples) as Record<string, unknown>) : {};
  const withQuery = (url: string, query: Record<string, unknown>) => (Object.keys(query).length ? `${url}?${encodeQuery(query)}` : url);
  const bodyBase = operation.body ? sample(operation.body, samples) : undefined;
  const common = { operation, method: operation.method, anonymous: false };
  const sendsBody = BODY_METHODS.has(operation.method);
  const jsonBody = bodyBase === undefined ? undefined : JSON.stringify(bodyBase);

  for (const [name, schema] of Object.entries(operation.params)) {
    for (const [category, raw, what] of PARAM_GARBAGE) {
      const value = decodeURIComponentSafe(raw);
      if (value !== undefined && !refuses(schema, value)) continue;
      // (An address that is not UTF-8 is refused before any route is chosen: its message cannot name the parameter.)
      const field = value === undefined ? undefined : `params/${name}`;
      requests.push({ ...common, category, url: withQuery(urlOf(operation, context, { [name]: raw }), validQuery), headers: jsonBody ? JSON_HEADERS : {}, body: jsonBody, field, what: `${name}: ${what}` });
    }
    for (const raw of RAW_TRAVERSAL) {
      requests.push({ ...common, category: 'traversal', url: urlOf(operation, context, { [name]: raw }), headers: jsonBody ? JSON_HEADERS : {}, body: jsonBody, what: `${name}: raw ${raw}` });
    }
  }
  if (operation.query) {
    for (const mutation of mutations(operation.query, [], samples, 'querystring')) {
      // A query string carries text: only string mutations (and a missing or unknown parameter) can be sent.
      if (mutation.path.length === 0) continue;
      const value = mutation.category === 'extra' ? '1' : mutation.value;
      if (value !== undefined && typeof value !== 'string') continue;
      // A URL carries UTF-8, which has no lone surrogate: the server would read U+FFFD, a character like any other.
      if (typeof value === 'string' && /[\uD800-\uDFFF]/.test(value)) continue;
      const query = setAt(validQuery, mutation.path, value) as Record<string, unknown>;
      requests.push({ ...common, category: mutation.category, url: withQuery(baseUrl, query), headers: jsonBody ? JSON_HEADERS : {}, body: jsonBody, field: `querystring/${mutation.field}`, what: mutation.what });
    }
    for (const name of Object.keys(operation.query.properties ?? {}).slice(0, 3)) {
      // the same parameter twice arrives as a list
      const twice = `${withQuery(baseUrl, validQuery)}${Object.keys(validQuery).length ? '&' : '?'}${name}=${encodeURIComponent(String(sample(operation.query.properties![name]!, samples)))}&${name}=2`;
      requests.push({ ...common, category: 'wrong-type', url: twice, headers: {}, field: `querystring/${name}`, what: `${name} given twice` });
    }
  }
  if (operation.body && bodyBase !== undefined) {
    const url = withQuery(baseUrl, validQuery);
    for (const mutation of mutations(operation.body, [], samples, 'body')) {
      const base = (mutation.fills ?? []).reduce<unknown>((value, fill) => setAt(value, fill.at, fill.value), bodyBase);
      // JSON.stringify writes -0 as 0: a marker, then the literal.
      const minusZero = Object.is(mutation.value, -0);
      const body = setAt(base, mutation.path, minusZero ? '__minus_zero__' : mutation.value);
      const text = minusZero ? JSON.stringify(body).replace('"__minus_zero__"', '-0') : JSON.stringify(body);
      requests.push({ ...common, category: mutation.category, url, headers: JSON_HEADERS, body: text, field: mutation.path.length ? `${mutation.field}` : 'body', what: mutation.what });
    }
    const raw = (category: Category, contentType: string | undefined, body: string, what: string) =>
      requests.push({ ...common, category, url, headers: contentType ? { 'content-type': contentType } : {}, body, what });
    raw('extra', 'application/json', `{"__proto__":{"role":"admin"},"x":1}`, 'a __proto__ key');
    raw('extra', 'application/json', `{"constructor":{"prototype":{"role":"admin"}}}`, 'a constructor.prototype key');
    raw('content-type', 'text/plain', jsonBody!, 'JSON sent as text/plain');
    raw('content-type', 'application/x-www-form-urlencoded', 'role=admin&x=1', 'a form');
    raw('content-type', 'application/xml', '<x>1</x>', 'XML');
    raw('content-type', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', 'a multipart form');
    raw('content-type', 'application/json', '{"a":', 'broken JSON');
    raw('content-type', 'application/json', '', 'an empty JSON body');
    raw('content-type', 'application/json', 'NaN', 'NaN as the body');
  }
  if (sendsBody) {
    const pad = `{"pad":"${'x'.repeat(OVERSIZE_BYTES)}"}`;
    requests.push({ ...common, category: 'oversize', url: withQuery(baseUrl, validQuery), headers: JSON_HEADERS, body: Buffer.from(pad), what: `a ${OVERSIZE_BYTES}-byte body` });
  }
  return requests;
}

/** Broken credentials on a route that needs a session. */
export function authRequests(operation: Operation, context: Context): BadRequest[] {
  const url = urlOf(operation, context);
  const base = { category: 'auth' as const, operation, method: operation.method, url, anonymous: true };
  return [
    { ...base, headers: {}, what: 'no credentials' },
    { ...base, headers: { authorization: 'Bearer ../../etc/passwd' }, what: 'a path as a token' },
    { ...base, headers: { authorization: `Bearer ${'A'.repeat(8_000)}` }, what: 'an 8000-character token' },
    { ...base, headers: { authorization: 'Basic YWRtaW4xOmNvcnJlY3QtaG9yc2U=' }, what: 'basic credentials' },
    { ...base, headers: { cookie: 'hotline_session=%E0%A4%A' }, what: 'a session cookie that is not valid percent-encoding' },
    { ...base, headers: { cookie: 'hotline_session=%00' }, what: 'a NUL session cookie' },
  ];
}

function decodeURIComponentSafe(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
