import { resolveSecret, SecretFileError } from './secret';

describe('resolveSecret', () => {
  const files: Record<string, string> = { '/run/secret': 'from-file\n', '/run/empty': '\n' };
  const read = (path: string) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
    return text;
  };

  it('takes the inline value first, else the file without its trailing newline', () => {
    expect(resolveSecret({ value: 'inline', file: '/run/secret' }, read)).toBe('inline');
    expect(resolveSecret({ file: '/run/secret' }, read)).toBe('from-file');
    expect(resolveSecret({}, read)).toBeUndefined();
  });

  it('says why a file cannot serve, without a reader, missing or empty', () => {
    expect(() => resolveSecret({ file: '/run/secret' }, undefined)).toThrow(SecretFileError);
    expect(() => resolveSecret({ file: '/run/missing' }, read)).toThrow(/cannot be read: ENOENT/);
    expect(() => resolveSecret({ file: '/run/empty' }, read)).toThrow(/empty file/);
  });
});
