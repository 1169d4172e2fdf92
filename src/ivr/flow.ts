// IVR flows are data (prompts/flows/*.json) over the prompt catalogue; validated when loaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CALLBACK_SOURCES, type CallbackSource } from '../callbacks/callback-model.ts';
import { LANGUAGES, type Language } from '../config.ts';

export type Catalogue = Record<string, Record<Language, string>>;

/** A prompt: its id, and a language when it differs from the flow's (the bilingual entry). */
export type PromptUse = string | { prompt: string; lang: Language };

/** What the caller asked for, carried to the call record, the channel (HOTLINE_INTENT) and the screen pop. */
export const INTENTS = ['consultation', 'complaint', 'report', 'progress', 'callback', 'operator', 'message'] as const;
export type Intent = (typeof INTENTS)[number];

/** Checks a collect node can apply to what was keyed. */
export const VALIDATIONS = ['case-number', 'phone'] as const;
export type Validation = (typeof VALIDATIONS)[number];

/**
 * Nodes of each language flow the dialplan enters directly, as Stasis(app,<node>): a caller who waited
 * too long in a queue (or found none) is offered a message or a call-back there (overflow); a caller who
 * pressed 1 while waiting books the call-back that keeps their place (queue-callback).
 */
export const ENTRY_NODES = ['overflow', 'queue-callback'] as const;
export type EntryNode = (typeof ENTRY_NODES)[number];

/** Conditions a branch node can test. */
export const CONDITIONS = ['open-hours'] as const;
export type Condition = (typeof CONDITIONS)[number];

export type FlowNode =
  | { type: 'play'; prompts: PromptUse[]; next: string }
  | {
      type: 'menu';
      prompts: PromptUse[];
      timeoutSeconds: number;
      choices: Record<string, string>;
      onTimeout: string;
      /** Played after a key that is not a choice, before the menu again. */
      invalidPrompt?: string;
      /** How many invalid keys are tolerated before `onInvalid` (default 1: the first goes straight on). */
      maxInvalid?: number;
      onInvalid: string;
    }
  | {
      type: 'collect';
      prompts: PromptUse[];
      variable: string;
      maxDigits: number;
      timeoutSeconds: number;
      validate?: Validation;
      invalidPrompt?: string;
      maxAttempts: number;
      next: string;
      onFail: string;
    }
  | { type: 'branch'; condition: Condition; then: string; else: string }
  | { type: 'set'; variable: 'intent'; value: Intent; next: string }
  | { type: 'flow'; flow: Language }
  | { type: 'case-progress'; variable: string; next: string; onFail: string }
  /** A call-back: `source` says where it comes from; from the queue the caller keeps their place in line. */
  | { type: 'callback'; source?: CallbackSource; next: string; onFail: string }
  | { type: 'record'; prompts: PromptUse[]; next: string; onFail: string }
  | { type: 'queue' }
  | { type: 'hangup' };

export interface Flow {
  /** The language of the flow; the entry flow has none (it is where the caller picks one). */
  lang?: Language;
  start: string;
  nodes: Record<string, FlowNode>;
}

export interface FlowSet {
  entry: Flow;
  byLanguage: Record<Language, Flow>;
  catalogue: Catalogue;
}

export class FlowError extends Error {
  constructor(where: string, problem: string) {
    super(`IVR flow ${where}: ${problem}`);
    this.name = 'FlowError';
  }
}

const DIGITS = /^[0-9*#]$/;

/** The node ids a node can lead to, by field name. */
function targets(node: FlowNode): [string, string][] {
  switch (node.type) {
    case 'menu':
      return [...Object.entries(node.choices).map(([digit, to]) => [`choice ${digit}`, to] as [string, string]), ['onTimeout', node.onTimeout], ['onInvalid', node.onInvalid]];
    case 'collect':
    case 'case-progress':
    case 'callback':
    case 'record':
      return [['next', node.next], ['onFail', node.onFail]];
    case 'branch':
      return [['then', node.then], ['else', node.else]];
    case 'play':
    case 'set':
      return [['next', node.next]];
    default:
      return [];
  }
}

function validateFlow(name: string, flow: Flow, catalogue: Catalogue): void {
  if (!flow.nodes?.[flow.start]) throw new FlowError(name, `start node "${flow.start}" does not exist`);
  for (const [id, node] of Object.entries(flow.nodes)) {
    const where = `${name}.${id}`;
    const promptExists = (use: PromptUse) => {
      const prompt = typeof use === 'string' ? use : use.prompt;
      const entry = catalogue[prompt];
      if (!entry) throw new FlowError(where, `prompt "${prompt}" is not in the catalogue`);
      if (typeof use === 'string' && !flow.lang) throw new FlowError(where, `prompt "${prompt}" needs a language in a flow without one`);
      for (const lang of LANGUAGES) if (!entry[lang]) throw new FlowError(where, `prompt "${prompt}" has no ${lang} text`);
    };
    const needsLanguage = () => {
      if (!flow.lang) throw new FlowError(where, `a ${node.type} node needs a flow with a language`);
    };
    switch (node.type) {
      case 'menu':
        node.prompts.forEach(promptExists);
        if (node.invalidPrompt) promptExists(node.invalidPrompt);
        if (!(node.timeoutSeconds > 0 && node.timeoutSeconds <= 30)) throw new FlowError(where, 'timeoutSeconds must be 1..30');
        if (node.maxInvalid !== undefined && !(Number.isInteger(node.maxInvalid) && node.maxInvalid >= 1 && node.maxInvalid <= 5)) {
          throw new FlowError(where, 'maxInvalid must be 1..5');
        }
        for (const digit of Object.keys(node.choices)) if (!DIGITS.test(digit)) throw new FlowError(where, `"${digit}" is not a key`);
        break;
      case 'collect':
        needsLanguage();
        node.prompts.forEach(promptExists);
        if (node.invalidPrompt) promptExists(node.invalidPrompt);
        if (!(node.maxDigits >= 1 && node.maxDigits <= 20)) throw new FlowError(where, 'maxDigits must be 1..20');
        if (!(node.maxAttempts >= 1 && node.maxAttempts <= 5)) throw new FlowError(where, 'maxAttempts must be 1..5');
        if (!(node.timeoutSeconds > 0 && node.timeoutSeconds <= 30)) throw new FlowError(where, 'timeoutSeconds must be 1..30');
        if (node.validate && !(VALIDATIONS as readonly string[]).includes(node.validate)) throw new FlowError(where, `unknown validation "${node.validate}"`);
        break;
      case 'branch':
        if (!(CONDITIONS as readonly string[]).includes(node.condition)) throw new FlowError(where, `unknown condition "${node.condition}"`);
        break;
      case 'set':
        if (node.variable !== 'intent' || !(INTENTS as readonly string[]).includes(node.value)) throw new FlowError(where, `cannot set ${node.variable} to "${node.value}"`);
        break;
      case 'play':
      case 'record':
        node.prompts.forEach(promptExists);
        if (node.type === 'record') needsLanguage();
        break;
      case 'flow':
        if (!(LANGUAGES as readonly string[]).includes(node.flow)) throw new FlowError(where, `flow "${node.flow}" does not exist`);
        break;
      case 'callback':
        if (node.source !== undefined && !(CALLBACK_SOURCES as readonly string[]).includes(node.source)) throw new FlowError(where, `unknown call-back source "${node.source}"`);
        needsLanguage();
        break;
      case 'queue':
      case 'case-progress':
        needsLanguage();
        break;
      case 'hangup':
        break;
      default:
        throw new FlowError(where, `unknown node type "${(node as { type: string }).type}"`);
    }
    for (const [field, target] of targets(node)) {
      if (!flow.nodes[target]) throw new FlowError(where, `${field} points to "${target}", which does not exist`);
    }
  }
}

export function validateFlowSet(set: FlowSet): FlowSet {
  validateFlow('entry', set.entry, set.catalogue);
  for (const lang of LANGUAGES) {
    const flow = set.byLanguage[lang];
    if (!flow) throw new FlowError(lang, 'is missing');
    if (flow.lang !== lang) throw new FlowError(lang, `declares lang "${flow.lang}"`);
    validateFlow(lang, flow, set.catalogue);
    for (const entry of ENTRY_NODES) if (!flow.nodes[entry]) throw new FlowError(lang, `the dialplan's entry node "${entry}" is missing`);
  }
  const [first, ...others] = LANGUAGES.map((lang) => Object.keys(set.byLanguage[lang].nodes).sort().join(','));
  if (others.some((nodes) => nodes !== first)) throw new FlowError('zh/en', 'the language flows must define the same nodes');
  return set;
}

const readJson = <T>(file: string): T => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new FlowError(file, (error as Error).message);
  }
};

/** Loads prompts/catalogue.json and prompts/flows/{entry,zh,en}.json and validates them. */
export function loadFlowSet(promptsDirectory: string): FlowSet {
  return validateFlowSet({
    catalogue: readJson<Catalogue>(join(promptsDirectory, 'catalogue.json')),
    entry: readJson<Flow>(join(promptsDirectory, 'flows', 'entry.json')),
    byLanguage: Object.fromEntries(LANGUAGES.map((lang) => [lang, readJson<Flow>(join(promptsDirectory, 'flows', `${lang}.json`))])) as Record<Language, Flow>,
  });
}
