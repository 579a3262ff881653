// Where a password is set: at least 10 characters, not the username (nor containing it), and not one
// of the passwords that leak lists show most often. Pure; the caller hashes (argon2id) what passes.

export const MIN_PASSWORD_LENGTH = 10;

/** The most common passwords of public leak lists that are 10 characters or longer, plus local favourites. */
const COMMON = new Set([
  '1234567890',
  '0123456789',
  '0987654321',
  '1111111111',
  '0000000000',
  '1234512345',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'asdfghjkl;',
  'zxcvbnm123',
  'qwerty1234',
  'qwerty12345',
  'qwertyuiop1',
  'password12',
  'password123',
  'password1234',
  'password!',
  'p@ssw0rd12',
  'p@ssword123',
  'passw0rd12',
  'iloveyou12',
  'iloveyou123',
  'princess12',
  'football12',
  'baseball12',
  'sunshine12',
  'welcome123',
  'welcome1234',
  'abcdefghij',
  'abc1234567',
  'abcd123456',
  'a123456789',
  '123456789a',
  '123456789q',
  'q123456789',
  'aa12345678',
  'changeme12',
  'letmein123',
  'trustno1234',
  'dragon1234',
  'monkey1234',
  'master1234',
  'superman12',
  'starwars12',
  'administrator',
  'admin12345',
  'admin123456',
  'adminadmin',
  'rootroot12',
  'useruser12',
  'test123456',
  'testtest12',
  'guest12345',
  'qazwsxedc1',
  'qazwsxedcrfv',
  '5201314520',
  '1314520520',
  'woaini1314',
  'woaini520',
  'iloveyou1314',
  '147258369a',
  '1234qwer!@#$',
  'a1b2c3d4e5',
  'kaflow12345',
  'kaflowkaflow',
  'password',
  'passwordpassword',
  '12345678910',
  '123123123123',
  '987654321a',
]);

export type PasswordProblem = 'too_short' | 'is_username' | 'common';

/** What is wrong with a new password (empty when it may be used). */
export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const out: PasswordProblem[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) out.push('too_short');
  const p = password.toLowerCase();
  const u = username.trim().toLowerCase();
  if (u && (p === u || p.includes(u) || p === [...u].reverse().join(''))) out.push('is_username');
  if (COMMON.has(p) || /^(.)\1+$/.test(p) || /^(.{1,3})\1+$/.test(p)) out.push('common');
  return out;
}

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
  is_username: 'must not be or contain the username',
  common: 'is too common; choose a password that is not on the lists of leaked passwords',
};
