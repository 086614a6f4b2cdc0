import { allowedMentionsFor, mentionPrefix } from '../../src/discord/mentions';

const ROLE = '123456789012345678';
const USER = '234567890123456789';
const USER2 = '345678901234567890';

describe('allowedMentionsFor', () => {
  test('lets nothing ping by default', () => {
    expect(allowedMentionsFor()).toEqual({ parse: [] });
    expect(allowedMentionsFor({})).toEqual({ parse: [] });
    expect(allowedMentionsFor({ users: [], roles: [], everyone: false })).toEqual({ parse: [] });
  });

  test('lists users and roles explicitly instead of parsing them', () => {
    expect(allowedMentionsFor({ users: [USER, USER2], roles: [ROLE] })).toEqual({
      parse: [],
      users: [USER, USER2],
      roles: [ROLE],
    });
  });

  test('allows @everyone and @here through parse "everyone"', () => {
    expect(allowedMentionsFor({ everyone: true })).toEqual({ parse: ['everyone'] });
  });

  test('drops duplicate ids, which Discord would refuse', () => {
    expect(allowedMentionsFor({ users: [USER, USER] })).toEqual({ parse: [], users: [USER] });
  });
});

describe('mentionPrefix', () => {
  test('is empty without mentions', () => {
    expect(mentionPrefix()).toBe('');
    expect(mentionPrefix({ everyone: false })).toBe('');
  });

  test('writes roles, then users, then @everyone', () => {
    expect(mentionPrefix({ users: [USER], roles: [ROLE], everyone: true })).toBe(`<@&${ROLE}> <@${USER}> @everyone`);
  });

  test('writes each id once', () => {
    expect(mentionPrefix({ roles: [ROLE, ROLE] })).toBe(`<@&${ROLE}>`);
  });
});
