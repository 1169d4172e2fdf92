// JSON schemas of the case API. Text may not carry HTML markup; numbers, phones and enums have exact forms.
import { CASE_CHANNELS, CASE_KINDS, CASE_STATUSES, COLOURS, SATISFACTIONS, URGENCIES } from '../../cases/case-model.ts';

/**
 * Rejects text that contains an HTML tag, comment or processing instruction, a control character other than
 * tab and line breaks (NUL…), a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069: they make
 * text display in another order than it was written), or half of a surrogate pair (not a character at all).
 */
const NO_MARKUP =
  '^(?![\\s\\S]*<[A-Za-z/!?])[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\u202A-\\u202E\\u2066-\\u2069\\uD800-\\uDFFF]*$';
const NO_MARKUP_WORDS = 'text without HTML markup (<tag>, </tag>, <!-- -->), control characters (NUL…) or direction overrides';
const text = (maxLength: number) => ({ type: ['string', 'null'], minLength: 1, maxLength, pattern: NO_MARKUP, description: NO_MARKUP_WORDS });
const requiredText = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: NO_MARKUP, description: NO_MARKUP_WORDS });
const money = { type: ['integer', 'null'], minimum: 0, maximum: 10_000_000_000_000 };

export const CASE_NUMBER_PATTERN = '^[0-9]{12}$';
export const PHONE_PATTERN = '^\\+?[0-9]{3,20}$';
const CASE_NUMBER = { type: 'string', pattern: CASE_NUMBER_PATTERN, description: 'a case number: 12 digits (0-9)' };
const PHONE = { pattern: PHONE_PATTERN, description: 'a phone number: 3 to 20 digits (0-9), a leading + allowed, no spaces or dashes' };

const caseFieldProperties = {
  kind: { type: ['string', 'null'], enum: [...CASE_KINDS, null] },
  lang: { type: 'string', enum: ['zh', 'en'] },
  citizenName: text(100),
  citizenPhone: { type: ['string', 'null'], ...PHONE },
  citizenAddress: text(300),
  anonymous: { type: 'boolean' },
  confidential: { type: 'boolean' },
  subject: text(200),
  description: text(10_000),
  productCategory: text(100),
  product: text(200),
  enterpriseName: text(200),
  enterpriseAddress: text(300),
  place: text(300),
  goodsValueFen: money,
  lossesRecoveredFen: money,
  urgency: { type: 'string', enum: URGENCIES },
};

export const createCaseBody = {
  type: 'object',
  additionalProperties: false,
  required: ['channel', 'lang'],
  properties: {
    ...caseFieldProperties,
    channel: { type: 'string', enum: CASE_CHANNELS },
    transferSource: { type: 'string', pattern: '^[0-9]{3,8}$', description: 'the transferring line: 3 to 8 digits' },
    transferReference: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9][A-Za-z0-9_/.-]*$',
      description: 'the other line\'s reference: letters, digits and _ / . -, starting with a letter or digit',
    },
  },
};

export const patchCaseBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { ...caseFieldProperties, channel: { type: 'string', enum: CASE_CHANNELS.filter((c) => c !== 'transfer') } },
};

export const caseNumberParams = {
  type: 'object',
  required: ['number'],
  properties: { number: CASE_NUMBER },
};

const positive = (maximum: number) => ({ type: 'integer', minimum: 1, maximum });
const action = (name: string, properties: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required: ['action', ...required],
  properties: { action: { const: name }, ...properties },
});

export const actionBody = {
  type: 'object',
  required: ['action'],
  discriminator: { propertyName: 'action' },
  oneOf: [
    // forDispatch: the operator asks a supervisor to dispatch it (the supervisors' list of cases to dispatch).
    action('register', { forDispatch: { type: 'boolean' }, note: requiredText(500) }),
    action('accept'),
    action('close'),
    action('dispatch', { departmentId: positive(1_000_000), note: requiredText(500) }, ['departmentId']),
    action('return', { reason: requiredText(1000) }, ['reason']),
    action('reopen', { reason: requiredText(1000) }, ['reason']),
    action('not-accept', { reason: requiredText(1000) }, ['reason']),
    // the department's result, with the values involved and the losses recovered for the citizen (fen)
    action('handle', { result: requiredText(10_000), goodsValueFen: money, lossesRecoveredFen: money }, ['result']),
    action('reply', { reply: requiredText(10_000) }, ['reply']),
    action('return-visit', { satisfaction: { type: 'string', enum: SATISFACTIONS }, note: requiredText(1000) }, ['satisfaction']),
    action('merge', { into: CASE_NUMBER, reason: requiredText(1000) }, ['into']),
    action('escalate', { note: requiredText(1000) }, ['note']),
    action('request-extension', { extraWorkingDays: positive(60), reason: requiredText(1000) }, ['extraWorkingDays', 'reason']),
    action('approve-extension', { requestId: positive(1_000_000_000) }, ['requestId']),
    action('reject-extension', { requestId: positive(1_000_000_000), reason: requiredText(1000) }, ['requestId']),
  ],
};

/** Words searched for: no control characters, direction overrides or half surrogate pairs (see NO_MARKUP). */
const SEARCH_TEXT = {
  type: 'string',
  minLength: 1,
  maxLength: 100,
  pattern: '^[^\\u0000-\\u001F\\u007F\\u202A-\\u202E\\u2066-\\u2069\\uD800-\\uDFFF]*$',
  description: 'search text without control characters or direction overrides',
};

/** Query strings arrive as text: numbers are matched as digits and converted by the route. */
export const searchQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    number: CASE_NUMBER,
    phone: { type: 'string', ...PHONE },
    status: { type: 'string', enum: CASE_STATUSES },
    kind: { type: 'string', enum: CASE_KINDS },
    departmentId: { type: 'string', pattern: '^[1-9][0-9]{0,8}$', description: 'a department id: a whole number from 1, digits only' },
    enterprise: SEARCH_TEXT,
    q: SEARCH_TEXT,
    colour: { type: 'string', enum: COLOURS },
    /** Worklists: mine=true — cases I took (a call's draft) or registered; open=true — registered and not yet final. */
    mine: { type: 'string', enum: ['true', 'false'] },
    open: { type: 'string', enum: ['true', 'false'] },
    page: { type: 'string', pattern: '^[1-9][0-9]{0,5}$', description: 'a page number from 1 to 999999, digits only' },
    pageSize: { type: 'string', pattern: '^([1-9]|[1-9][0-9]|100)$', description: 'a page size from 1 to 100, digits only' },
  },
};
