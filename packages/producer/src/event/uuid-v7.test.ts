import { uuidV7 } from './uuid-v7';

describe('uuidV7', () => {
  it('puts the time in the first 48 bits and sets version 7 and the RFC variant', () => {
    const id = uuidV7(0x0123456789ab, new Uint8Array(10).fill(0xff));
    expect(id).toBe('01234567-89ab-7fff-bfff-ffffffffffff');
  });

  it('sorts by time', () => {
    const ids = [3, 1, 2].map((t) => uuidV7(1_767_225_600_000 + t));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });
});
