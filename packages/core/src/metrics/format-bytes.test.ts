import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it('writes bytes in binary units with three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(12.34 * 1024 ** 2)).toBe('12.3 MiB');
    expect(formatBytes(456.7 * 1024 ** 3)).toBe('457 GiB');
  });

  it('moves to the next unit instead of writing 1024 of one', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.00 MiB');
  });

  it('says nothing about a value that is not a size', () => {
    expect(formatBytes(Number.NaN)).toBe('-');
    expect(formatBytes(-1)).toBe('-');
  });
});
