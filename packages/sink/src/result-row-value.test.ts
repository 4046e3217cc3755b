import { resultRowValue } from './result-row-value';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('resultRowValue', () => {
  it('narrows a ResultPack to one row, keeping what the rows share', () => {
    const pack = { view: 'v', partition: 3, measures: ['n'], rows: [[0, 60_000, ['/a'], 1, 0, 1], [-60_000, 0, ['/b'], 2, 0, 1]] };
    expect(JSON.parse(String(resultRowValue(encode(pack), 1)))).toEqual({ ...pack, rows: [pack.rows[1]] });
  });

  it('narrows a legacy array of results to one result', () => {
    expect(JSON.parse(String(resultRowValue(encode([{ a: 1 }, { b: 2 }]), 0)))).toEqual([{ a: 1 }]);
  });

  it('leaves a value it cannot narrow as it is', () => {
    const single = encode({ view: 'v', windowStart: 'soon' });
    expect(resultRowValue(single, 0)).toBe(single);
    expect(resultRowValue(Buffer.from('not json'), 0)?.toString()).toBe('not json');
    expect(resultRowValue(null, 0)).toBeNull();
  });
});
