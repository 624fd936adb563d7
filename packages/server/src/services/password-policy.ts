/**
 * What a new password must be, after NIST SP 800-63B (§3.1.1.2, https://pages.nist.gov/800-63-4/sp800-63b.html):
 * long enough (10 characters; up to 256), and not one an attacker tries first: the most common
 * passwords (a small built-in list, also with digits and symbols around them and l33t spelling),
 * one character or a few repeated, a run of the alphabet, the digits or the keyboard, or the
 * username or the service's name dressed up. No composition rules (no "one digit, one capital"):
 * they make passwords harder to remember, not to guess.
 * @module
 */

export const PASSWORD_MIN_LENGTH = 10;

/**
 * Words behind the most common passwords in breach lists (NCSC's top 100,000, SecLists'
 * 10-million-password list): a password that is one of these, with digits or symbols before or
 * after, is among the first guesses.
 */
const COMMON_WORDS = new Set(
  [
    'password passwort motdepasse contrasena qwerty qwertz azerty letmein welcome iloveyou admin administrator login secret',
    'abc abcd dragon monkey shadow master football baseball basketball soccer hockey princess sunshine starwars superman batman',
    'spiderman pokemon minecraft fortnite charlie michael jennifer jordan liverpool chelsea arsenal computer whatever trustno',
    'freedom hello helloworld internet changeme default guest access mustang ninja killer cookie chocolate flower summer winter',
    'autumn spring lovely loveme babygirl angel tigger pepper ginger buster hunter ranger thomas daniel andrew jessica ashley',
    'nicole matrix samsung google apple zaq qazwsx asdf zxcvbnm trophy trophies trophyroom playstation psn sony gamer gaming',
    'platinum xbox nintendo',
  ]
    .join(' ')
    .split(' '),
);

/** Runs of characters people type as passwords: alphabet, digits, keyboard rows and columns. */
const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz',
  '0123456789012345678901234567890',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qazwsxedcrfvtgbyhnujmikolp',
  'q1w2e3r4t5y6u7i8o9p0',
  '1q2w3e4r5t6y7u8i9o0p',
  '!@#$%^&*()_+',
];
const RUNS = SEQUENCES.flatMap((s) => [s, [...s].reverse().join('')]);

/** A run of at least 8 characters, with up to two others before or after it (`a123456789`, `qwertyuiop!`). */
function isSequence(lower: string): boolean {
  for (let start = 0; start <= 2; start++)
    for (let end = 0; end <= 2; end++) {
      const part = lower.slice(start, lower.length - end);
      if (part.length >= 8 && RUNS.some((run) => run.includes(part))) return true;
    }
  return false;
}

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '3': 'e', '1': 'i', '0': 'o', $: 's', '5': 's', '7': 't' };

/** Lower case without the digits and symbols around it (`!Password2024` → `password`), l33t undone, letters only. */
const letters = (text: string) =>
  [...text.toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')]
    .map((ch) => LEET[ch] ?? ch)
    .join('')
    .replace(/[^\p{L}]/gu, '');

/**
 * Why a password may not be used, in words for the person choosing it (never the password
 * itself), or undefined when it is fine.
 */
export function passwordWeakness(password: string, username: string): string | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `The password is too short: use at least ${PASSWORD_MIN_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (/^(.{1,4})\1+.{0,3}$/su.test(lower))
    return 'The password repeats one character or a few: choose one that is harder to guess, e.g. a few unrelated words.';
  if (isSequence(lower)) return 'The password is a simple sequence (of the alphabet, the digits or the keyboard): choose one that is harder to guess.';
  const word = letters(password);
  // The username or the service's name, with nothing around it but digits, symbols or one common word.
  const name = letters(username);
  for (const context of [name, 'trophyroom', 'playstation']) {
    const rest = word.replaceAll(context, '');
    if (context.length >= 3 && rest !== word && (rest === '' || COMMON_WORDS.has(rest)))
      return context === name
        ? 'The password is built from your username: choose one that has nothing to do with it.'
        : 'The password is built from the name of Trophyroom or PlayStation: choose another.';
  }
  if (COMMON_WORDS.has(word)) return 'The password is one of the most common passwords, which are guessed first: choose another, e.g. a few unrelated words.';
  return undefined;
}
