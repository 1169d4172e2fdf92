// The dial-out allow-list: which numbers the desk may have Asterisk dial (click-to-call, transfers out), as
// admin-edited regular expressions matched against the whole number. Nothing outside is dialled: a stolen
// session cannot run up a bill to premium or international numbers.

export class DialOutPatternsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DialOutPatternsError';
  }
}

export const MAX_PATTERNS = 50;
export const MAX_PATTERN_LENGTH = 100;

/** Citizens' mobiles and landlines, the government service lines, emergency numbers, and the operators' own phones. */
export const DEFAULT_DIAL_OUT_PATTERNS: readonly string[] = [
  '1[3-9][0-9]{9}',
  '0[0-9]{9,10}',
  '12345',
  '12331',
  '12315',
  '110',
  '120',
  '119',
  '10(0[1-9]|1[0-9]|20)',
];

/** Checks an admin's list: 1–50 patterns, each a string of 1–100 characters that compiles. */
export function validateDialOutPatterns(input: unknown): string[] {
  const list = Array.isArray(input) ? input : (input as { patterns?: unknown } | null)?.patterns;
  if (!Array.isArray(list)) throw new DialOutPatternsError('patterns must be a list of regular expressions');
  if (list.length < 1 || list.length > MAX_PATTERNS) throw new DialOutPatternsError(`patterns must hold 1 to ${MAX_PATTERNS} expressions; it has ${list.length}`);
  return list.map((pattern, index) => {
    if (typeof pattern !== 'string' || pattern.length < 1 || pattern.length > MAX_PATTERN_LENGTH) {
      throw new DialOutPatternsError(`patterns/${index} must be a string of 1 to ${MAX_PATTERN_LENGTH} characters`);
    }
    try {
      new RegExp(`^(?:${pattern})$`);
    } catch (error) {
      throw new DialOutPatternsError(`patterns/${index} "${pattern}" is not a regular expression: ${(error as Error).message}`);
    }
    return pattern;
  });
}

/** Whether the whole number matches one pattern (anchored: "110" does not let "1100" through). */
export function dialOutAllowed(number: string, patterns: readonly string[]): boolean {
  return /^[0-9]{3,20}$/.test(number) && patterns.some((pattern) => new RegExp(`^(?:${pattern})$`).test(number));
}
