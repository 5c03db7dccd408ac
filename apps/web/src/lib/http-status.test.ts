import { describe, expect, it } from 'vitest';
import { statusClass, statusColor } from './http-status';

describe('statusClass', () => {
  it('classes a status by its hundreds, and a missing status as an error', () => {
    expect([101, 200, 204, 301, 304, 404, 429, 500, 503, null].map(statusClass)).toEqual([
      '1xx',
      '2xx',
      '2xx',
      '3xx',
      '3xx',
      '4xx',
      '4xx',
      '5xx',
      '5xx',
      'error',
    ]);
  });

  it('never gives a failed request the success colour', () => {
    expect(statusColor(null)).toContain('red');
    expect(statusColor(null)).not.toBe(statusColor(200));
    expect(statusColor(404)).not.toBe(statusColor(200));
  });
});
