import { hostReachReason } from './host-reach-gate';

describe('hostReachReason', () => {
  it('names a host-reaching call in any case', () => {
    expect(hostReachReason("SELECT * FROM file('/etc/passwd', 'LineAsString')")).toMatch(/^file reaches/);
    expect(hostReachReason("SELECT FiLe('/etc/passwd')")).toMatch(/^FiLe reaches/);
    expect(hostReachReason("SELECT * FROM s3Cluster('c', 'http://x/y')")).toMatch(/^s3Cluster reaches/);
    expect(hostReachReason("CREATE TABLE t (a String) ENGINE = URL('http://x', TSV)")).toMatch(/^URL reaches/);
  });

  it('sees a call spelled as a quoted identifier', () => {
    expect(hostReachReason("SELECT `file`('/etc/passwd')")).toMatch(/reaches/);
  });

  it('names the INFILE and OUTFILE clauses', () => {
    expect(hostReachReason("SELECT 1 INTO OUTFILE '/tmp/x'")).toMatch(/^OUTFILE reads or writes/);
    expect(hostReachReason("INSERT INTO t FROM INFILE '/etc/passwd' FORMAT TSV")).toMatch(/^INFILE reads or writes/);
  });

  it('passes what only mentions them in a string, and ordinary statements', () => {
    expect(hostReachReason("SELECT 'file(\\'x\\') INTO OUTFILE' AS s")).toBeUndefined();
    expect(hostReachReason('SELECT count() FROM numbers(10)')).toBeUndefined();
    expect(hostReachReason('INSERT INTO sluice.raw_events FORMAT RowBinary')).toBeUndefined();
    expect(hostReachReason('SELECT profile FROM t')).toBeUndefined();
  });
});
