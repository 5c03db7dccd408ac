import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AssertionLine } from './assertion-line';

describe('AssertionLine', () => {
  it('marks each outcome and colours it, with the error of a failed test', () => {
    const { container } = render(
      <ul>
        <AssertionLine as="li" assertion={{ name: 'status is 200', passed: true, skipped: false }} />
        <AssertionLine as="li" assertion={{ name: 'later', passed: false, skipped: true }} />
        <AssertionLine
          as="li"
          assertion={{ name: 'body', passed: false, skipped: false, error: 'expected 1 to equal 2' }}
        />
      </ul>,
    );
    const lines = [...container.querySelectorAll('li')];
    expect(lines.map((l) => l.textContent)).toEqual([
      '✓ status is 200',
      '– later',
      '✗ body — expected 1 to equal 2',
    ]);
    expect(lines.map((l) => l.className.split(' ')[0])).toEqual([
      'text-green-700',
      'text-zinc-500',
      'text-red-700',
    ]);
  });
});
