import { errorResponse } from './error-response';

describe('errorResponse', () => {
  it('keeps a ClickHouse message and picks the status by code', () => {
    const response = errorResponse(new Error('Code: 60. DB::Exception: Unknown table expression identifier t. (UNKNOWN_TABLE)'), '26.7.2.1');
    expect(response).toEqual({ status: 404, code: 60, body: 'Code: 60. DB::Exception: Unknown table expression identifier t. (UNKNOWN_TABLE) (version 26.7.2.1)\n' });
  });

  it('wraps other failures as STD_EXCEPTION with status 500', () => {
    expect(errorResponse(new Error('disk full'), '26.7')).toEqual({ status: 500, code: 1001, body: 'Code: 1001. DB::Exception: disk full (STD_EXCEPTION) (version 26.7)\n' });
  });
});
