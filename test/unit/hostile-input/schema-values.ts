// Values for the hostile-input generator, read from one JSON schema of the server's OpenAPI document: a valid
// sample (the base every mutation changes in one place), and local checks of whether a value breaks a rule
// (so a mutation is kept only when the schema itself refuses it: the generator sends no valid input).
export interface Schema {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  pattern?: string;
  description?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  discriminator?: { propertyName: string };
}

/** One valid value per pattern the API uses; a new pattern without one here fails the generator loudly. */
export function patternSamples(caseNumber: string): Record<string, string> {
  return {
    '^(?![\\s\\S]*<[A-Za-z/!?])[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\u202A-\\u202E\\u2066-\\u2069\\uD800-\\uDFFF]*$': '投诉 text',
    '^[^\\u0000-\\u001F\\u007F\\u202A-\\u202E\\u2066-\\u2069\\uD800-\\uDFFF]*$': 'milk',
    '^(?!.*<[A-Za-z/!])(?=.*\\S)[^\\u0000-\\u001f\\u007f\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff]+$': 'Name',
    '^(?!.*<[A-Za-z/!])[^\\u0000-\\u001f\\u007f\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff]*$': '元旦',
    '^[\\x20-\\x7e]+$': '1[3-9][0-9]{9}',
    '^[a-z0-9-]{2,40}$': 'qa-test',
    '^[A-Za-z0-9_.-]{2,32}$': 'newuser',
    '^\\d{3,6}$': '1009',
    '^\\+?[0-9]{3,20}$': '13800138000',
    '^[0-9]{3,20}$': '13800138000',
    '^[0-9]{12}$': caseNumber,
    '^10(0[1-9]|1[0-9]|20)$': '1002',
    '^[1-9][0-9]{0,9}$': '1',
    '^[1-9][0-9]{0,8}$': '1',
    '^[1-9][0-9]{0,5}$': '1',
    '^([1-9]|[1-9][0-9]|100)$': '20',
    '^([1-9]|[1-9][0-9]|[1-6][0-9]{2}|7[01][0-9]|720)$': '24',
    '^20[0-9]{2}$': '2026',
    '^[^\\r\\n]*$': 'lunch',
    '\\S': 'text',
    '^[0-9]{3,8}$': '12345',
    '^[A-Za-z0-9][A-Za-z0-9_/.-]*$': 'REF-1',
    '^[a-z0-9:-]{1,40}$': 'login',
  };
}

export function typesOf(schema: Schema): string[] {
  const types = [schema.type ?? []].flat();
  if (types.length === 0 && schema.enum) types.push(...new Set(schema.enum.map(jsonType)));
  if (schema.nullable) types.push('null');
  return types;
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const typeAllowed = (value: unknown, types: string[]) =>
  types.length === 0 || types.includes(jsonType(value)) || (jsonType(value) === 'integer' && types.includes('number'));

/** Whether a value breaks this schema's own rules (its type, enum, bounds, length, pattern) — not nested ones. */
export function refuses(schema: Schema, value: unknown): boolean {
  if (!typeAllowed(value, typesOf(schema))) return true;
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) return true;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return true;
    if (schema.maximum !== undefined && value > schema.maximum) return true;
  }
  if (typeof value === 'string') {
    const length = [...value].length; // AJV counts code points
    if (schema.minLength !== undefined && length < schema.minLength) return true;
    if (schema.maxLength !== undefined && length > schema.maxLength) return true;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return true;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return true;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return true;
  }
  return false;
}

/** A valid value of the schema: required fields only, the first enum value, the smallest number. */
export function sample(schema: Schema, samples: Record<string, string>): unknown {
  if (schema.oneOf) return sample(schema.oneOf[0]!, samples);
  if (schema.enum) return schema.enum.find((value) => value !== null);
  const type = typesOf(schema).find((candidate) => candidate !== 'null') ?? 'null';
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const name of schema.required ?? []) value[name] = sample(schema.properties?.[name] ?? {}, samples);
      const first = Object.keys(schema.properties ?? {})[0];
      if ((schema.minProperties ?? 0) > Object.keys(value).length && first) value[first] = sample(schema.properties![first]!, samples);
      return value;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}, samples));
    case 'integer':
    case 'number':
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return true;
    case 'string': {
      if (schema.pattern === undefined) return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
      const value = samples[schema.pattern];
      if (value === undefined) throw new Error(`hostile-input: no valid sample for the pattern ${schema.pattern}: add one to patternSamples`);
      if (refuses(schema, value)) throw new Error(`hostile-input: the sample "${value}" does not fit ${JSON.stringify(schema)}`);
      return value;
    }
    default:
      return null;
  }
}
