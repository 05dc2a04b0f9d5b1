/**
 * The tracking code (查询码) a citizen gets after sending a complaint or an
 * inquiry: made on the device, so it is shown at once, offline too. Twelve
 * characters in Crockford's base-32 alphabet (no I, L, O, U, so nothing is
 * misread), the last one a check character (Luhn mod 32), so a mistyped or
 * misread code is caught before anyone asks the hub for it.
 */

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/**
 * Random characters: 55 bits, so among 100,000 codes the chance that any two
 * are equal is about 1 in 7 million. The hub refuses a code it already holds
 * for another submission (409) rather than mix two cases.
 */
const RANDOM_CHARS = 11;
export const TRACKING_CODE_LENGTH = RANDOM_CHARS + 1;
export const TRACKING_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{12}$/;

const value = (c: string) => CODE_ALPHABET.indexOf(c);

/** Luhn mod N over the alphabet: catches every single wrong character and most swapped neighbours. */
export function checkCharacter(body: string): string {
  const n = CODE_ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * value(body[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return CODE_ALPHABET[(n - (sum % n)) % n]!;
}

export function makeTrackingCode(random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(RANDOM_CHARS));
  let body = '';
  for (const b of bytes) body += CODE_ALPHABET[b & 31];
  return body + checkCharacter(body);
}

/**
 * What a citizen typed or scanned, as the code it most likely is: upper case,
 * without spaces or dashes, O read as 0 and I or L as 1 (Crockford's rules).
 */
export function normaliseTrackingCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function isValidTrackingCode(code: string): boolean {
  return TRACKING_CODE_PATTERN.test(code) && checkCharacter(code.slice(0, -1)) === code.slice(-1);
}

/** For reading aloud and copying by hand: three groups of four. */
export function formatTrackingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}
