import { generatedPasswordNote } from './served-credentials';

describe('generatedPasswordNote', () => {
  it('says the password is shown this once, and names its file and mode when one keeps it', () => {
    expect(generatedPasswordNote('/data/clickhouse.password')).toBe('generated now and shown only this once; kept in /data/clickhouse.password, mode 0600');
    expect(generatedPasswordNote(undefined)).toBe('generated now and shown only this once');
  });
});
