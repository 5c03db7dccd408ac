import { Input, Select } from '../../components/ui/input';
import type { StatusClass } from '../../lib/http-status';

/** What the history list is filtered by ('' = any). */
export interface HistoryFilterValue {
  q: string;
  method: string;
  status: StatusClass | '';
}

export const noHistoryFilter: HistoryFilterValue = { q: '', method: '', status: '' };

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const statusChoices: { value: StatusClass; label: string }[] = [
  { value: '2xx', label: '2xx' },
  { value: '3xx', label: '3xx' },
  { value: '4xx', label: '4xx' },
  { value: '5xx', label: '5xx' },
  { value: 'error', label: 'No response' },
];

function asStatus(v: string): StatusClass | '' {
  return statusChoices.find((s) => s.value === v)?.value ?? '';
}

/** The filter as the history query takes it (empty fields left out). */
export function historyQuery(f: HistoryFilterValue) {
  return { q: f.q, method: f.method, ...(f.status ? { status: f.status } : {}) };
}

/**
 * Search, method and status filters of the history page and the sidebar's history panel. The labels say "filter":
 * the playground has its own Method control beside the panel.
 */
export function HistoryFilters({
  value,
  onChange,
  stacked = false,
}: {
  value: HistoryFilterValue;
  onChange: (next: HistoryFilterValue) => void;
  /** The narrow sidebar: the search box on its own line. */
  stacked?: boolean;
}) {
  return (
    // In a row the controls join the parent's flex row (`contents`), beside its title and buttons.
    <div className={stacked ? 'flex flex-wrap items-center gap-2' : 'contents'}>
      <Input
        type="search"
        aria-label="Search URL"
        placeholder="Search URL"
        className={stacked ? 'basis-full' : 'max-w-xs'}
        value={value.q}
        onChange={(e) => onChange({ ...value, q: e.target.value })}
      />
      <Select
        aria-label="Method filter"
        value={value.method}
        onChange={(e) => onChange({ ...value, method: e.target.value })}
      >
        <option value="">All methods</option>
        {methods.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </Select>
      <Select
        aria-label="Status filter"
        value={value.status}
        onChange={(e) => onChange({ ...value, status: asStatus(e.target.value) })}
      >
        <option value="">Any status</option>
        {statusChoices.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </Select>
    </div>
  );
}
