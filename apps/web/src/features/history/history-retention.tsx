import { useEffect, useState } from 'react';
import { useHistorySettings } from '../../api/hooks/history';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { toast } from '../../stores/toast-store';

/** History retention in days: admins change it, everyone else reads it. */
export function HistoryRetention({ wid, canChange }: { wid: string; canChange: boolean }) {
  const { settings, save } = useHistorySettings(wid);
  const [days, setDays] = useState('');
  useEffect(() => {
    if (settings.data) {
      setDays(String(settings.data.retentionDays));
    }
  }, [settings.data]);
  if (!settings.data) {
    return null;
  }
  if (!canChange) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="history-retention">
        Entries are kept {settings.data.retentionDays} days.
      </p>
    );
  }
  const value = Number(days);
  const valid = Number.isInteger(value) && value >= 1 && value <= 3650;
  return (
    <form
      className="flex items-center gap-2 text-sm"
      data-testid="history-retention"
      onSubmit={async (e) => {
        e.preventDefault();
        if (valid) {
          await save.mutateAsync({ retentionDays: value });
          toast.success(`History is kept ${value} days`);
        }
      }}
    >
      <label htmlFor="retention-days" className="whitespace-nowrap text-zinc-600 dark:text-zinc-400">
        Keep history for
      </label>
      <div className="w-20">
        <Input
          id="retention-days"
          type="number"
          min={1}
          max={3650}
          value={days}
          aria-invalid={!valid}
          onChange={(e) => setDays(e.target.value)}
        />
      </div>
      <span className="text-zinc-600 dark:text-zinc-400">days</span>
      <Button
        type="submit"
        size="sm"
        disabled={!valid || value === settings.data.retentionDays || save.isPending}
      >
        Save
      </Button>
    </form>
  );
}
