/**
 * URL parameters of ClickHouse's HTTP interface that are not engine settings:
 * they steer the HTTP layer (compression, progress headers, sessions, auth),
 * which the embedded engine does not have. Applying them with `SET` would
 * fail with UNKNOWN_SETTING, so they are honoured by the server or dropped.
 */
export const HTTP_ONLY_PARAMETERS: ReadonlySet<string> = new Set([
  'query',
  'query_id',
  'database',
  'default_format',
  'user',
  'password',
  'quota_key',
  'session_id',
  'session_timeout',
  'session_check',
  'role',
  'compress',
  'decompress',
  'buffer_size',
  'wait_end_of_query',
  'enable_http_compression',
  'http_zlib_compression_level',
  'http_response_compression_method',
  'http_native_compression_disable_checksumming_on_decompress',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'http_response_buffer_size',
  'http_wait_end_of_query',
  'client_protocol_version',
  'add_http_cors_header',
  'cancel_http_readonly_queries_on_client_close',
]);

/** Whether a settings entry should reach the engine as `SET name = value`. */
export function isEngineSetting(name: string): boolean {
  return !HTTP_ONLY_PARAMETERS.has(name) && !name.startsWith('param_');
}
