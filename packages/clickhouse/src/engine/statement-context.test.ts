import { contextStatements } from './statement-context';

describe('contextStatements', () => {
  it('turns database, engine settings and parameters into statements, dropping HTTP-only parameters', () => {
    expect(contextStatements({ database: 'my db', settings: { max_threads: '2', wait_end_of_query: '1' }, params: { name: "it's\\t" } })).toEqual([
      'USE `my db`',
      "SET max_threads = '2'",
      "SET param_name = 'it\\'s\\\\t'",
    ]);
  });

  it('refuses names that are not identifiers', () => {
    expect(() => contextStatements({ settings: { 'x = 1; DROP': '1' } })).toThrow(/BAD_ARGUMENTS/);
  });
});
