import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Input, NumberField } from './input';

describe('NumberField', () => {
  it('keeps what is typed within its bounds, and an empty entry at the lower bound', () => {
    const seen: number[] = [];
    render(<NumberField label="Concurrency" min={1} max={20} value={1} onChange={(v) => seen.push(v)} />);
    const input = screen.getByLabelText('Concurrency');
    for (const typed of ['7', '999', '0', '', '-3', '2.9']) {
      fireEvent.change(input, { target: { value: typed } });
    }
    expect(seen).toEqual([7, 20, 1, 1, 1, 2]);
  });
});

describe('Input', () => {
  it('lets a width given by the caller replace the default full width', () => {
    render(<Input aria-label="narrow" className="w-24" />);
    render(<Input aria-label="default" />);
    expect(screen.getByLabelText('narrow').className.split(' ')).not.toContain('w-full');
    expect(screen.getByLabelText('default').className.split(' ')).toContain('w-full');
  });
});
