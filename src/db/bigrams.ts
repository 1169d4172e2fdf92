// Two-character Chinese words (电池, 奶粉, 漏电) are shorter than a trigram, so the trigram index cannot
// find them. A second FTS5 index holds every pair of adjacent Han characters as a token: "市民反映" is
// indexed as "市民 民反 反映", and a two-character query is one token lookup instead of a scan.
import type Database from 'better-sqlite3';

const HAN_RUN = /\p{Script=Han}{2,}/gu;
const HAN_PAIR = /^\p{Script=Han}{2}$/u;

/** The SQL function the index's triggers call; every connection that writes cases must have it. */
export const BIGRAMS_FUNCTION = 'hotline_bigrams';

/** The overlapping Han bigrams of a text, separated by spaces (the unicode61 tokenizer splits them). */
export function hanBigrams(text: string | null): string | null {
  if (text === null) return null;
  const pairs: string[] = [];
  for (const [run] of text.matchAll(HAN_RUN)) {
    const characters = [...run];
    for (let i = 0; i + 1 < characters.length; i++) pairs.push(characters[i]! + characters[i + 1]!);
  }
  return pairs.join(' ');
}

/** Whether a query is exactly one bigram token of the index: two Han characters. */
export const isHanPair = (text: string) => HAN_PAIR.test(text);

export function registerBigrams(sqlite: Database.Database): void {
  sqlite.function(BIGRAMS_FUNCTION, { deterministic: true }, (text: unknown) => hanBigrams(typeof text === 'string' ? text : null));
}
