import { passwordProblems } from '@kaflow/domain';

describe('password policy', () => {
  it('asks for 10 characters, counted as characters, not bytes', () => {
    expect(passwordProblems('short-pw1', 'wang')).toEqual(['too_short']);
    expect(passwordProblems('river-tiger', 'wang')).toEqual([]);
    expect(passwordProblems('王经理的密码很长啊', 'wang')).toEqual(['too_short']); // 9 characters
    expect(passwordProblems('王经理的密码真的很长', 'wang')).toEqual([]);
  });
  it('refuses the username, a password containing it and the username reversed', () => {
    expect(passwordProblems('consultant', 'consultant')).toEqual(['is_username']);
    expect(passwordProblems('Consultant2026!', 'consultant')).toEqual(['is_username']);
    expect(passwordProblems('tnatlusnoc', 'consultant')).toEqual(['is_username']);
  });
  it('refuses common passwords and repeats, whatever the case', () => {
    expect(passwordProblems('Password123', 'wang')).toEqual(['common']);
    expect(passwordProblems('1234567890', 'wang')).toEqual(['common']);
    expect(passwordProblems('aaaaaaaaaaaa', 'wang')).toEqual(['common']);
    expect(passwordProblems('abcabcabcabc', 'wang')).toEqual(['common']);
    expect(passwordProblems('abc', 'abc')).toEqual(['too_short', 'is_username']);
  });
});
