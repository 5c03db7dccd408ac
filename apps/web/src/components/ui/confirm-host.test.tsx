import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { confirmAction, promptText } from '../../stores/confirm-store';
import { ConfirmHost } from './confirm-host';

describe('confirm and prompt dialogs', () => {
  it('resolves true when confirmed and false when cancelled', async () => {
    render(<ConfirmHost />);
    let answer: Promise<boolean> = Promise.resolve(false);
    act(() => {
      answer = confirmAction({ title: 'Delete “Shop”?', confirmLabel: 'Delete', danger: true });
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    await expect(answer).resolves.toBe(true);
    act(() => {
      answer = confirmAction({ title: 'Delete “Shop”?', confirmLabel: 'Delete' });
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await expect(answer).resolves.toBe(false);
  });

  it('asks for text, refuses an empty answer, and returns the trimmed text', async () => {
    render(<ConfirmHost />);
    let answer: Promise<string | null> = Promise.resolve(null);
    act(() => {
      answer = promptText({
        title: 'New collection',
        input: { label: 'Name', initial: '' },
        confirmLabel: 'Create',
      });
    });
    const create = (await screen.findByRole('button', { name: 'Create' })) as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: '  Orders  ' } });
    fireEvent.click(create);
    await expect(answer).resolves.toBe('Orders');
  });
});
