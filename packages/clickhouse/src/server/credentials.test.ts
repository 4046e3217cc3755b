import { authenticationFailure, credentialsMatch, requestCredentials } from './credentials';

const url = (search = '') => new URL(`http://127.0.0.1:8123/${search}`);
const basic = (text: string) => ({ authorization: `Basic ${Buffer.from(text).toString('base64')}` });

describe('requestCredentials', () => {
  it('reads X-ClickHouse headers, then basic auth, then URL parameters, as ClickHouse does', () => {
    expect(requestCredentials(url('?user=u&password=p'), { 'x-clickhouse-user': 'h', 'x-clickhouse-key': 'k', ...basic('b:c') })).toEqual({ user: 'h', password: 'k' });
    expect(requestCredentials(url('?user=u&password=p'), basic('b:c:d'))).toEqual({ user: 'b', password: 'c:d' });
    expect(requestCredentials(url('?user=u&password=p'), {})).toEqual({ user: 'u', password: 'p' });
  });

  it('is the default user with no password when nothing is given', () => {
    expect(requestCredentials(url(), {})).toEqual({ user: 'default', password: '' });
  });
});

describe('credentialsMatch', () => {
  const expected = { user: 'sluice', password: 'secret' };
  it('needs both the user and the password', () => {
    expect(credentialsMatch(expected, { user: 'sluice', password: 'secret' })).toBe(true);
    expect(credentialsMatch(expected, { user: 'sluice', password: 'secre' })).toBe(false);
    expect(credentialsMatch(expected, { user: 'default', password: 'secret' })).toBe(false);
    expect(credentialsMatch(expected, { user: 'sluice', password: '' })).toBe(false);
  });
});

describe('authenticationFailure', () => {
  it("is ClickHouse's AUTHENTICATION_FAILED message, naming the user and never the password", () => {
    expect(authenticationFailure('bob').message).toBe(
      'Code: 516. DB::Exception: bob: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)',
    );
  });
});
