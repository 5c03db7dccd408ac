import type { TRequest } from '@apiplay/core';
import { useState } from 'react';
import { useCodegenTargets, useGeneratedCode } from '../../api/hooks/codegen';
import { Button } from '../../components/ui/button';
import { Select } from '../../components/ui/input';
import { toast } from '../../stores/toast-store';
import { CodeEditor } from '../editor/code-editor';

function languageOf(target: string): 'javascript' | 'text' {
  return /node|fetch|axios|undici|js|javascript/i.test(target) ? 'javascript' : 'text';
}

/** Code for the current request in every target the server offers. */
export function CodePanel({ request }: { request: TRequest }) {
  const targets = useCodegenTargets();
  const [target, setTarget] = useState<string>('');
  const chosen = target || targets.data?.[0]?.id || '';
  const code = useGeneratedCode(request, chosen);
  return (
    <div className="flex h-full flex-col gap-2">
      <div className="flex items-center gap-2">
        <Select aria-label="Code target" value={chosen} onChange={(e) => setTarget(e.target.value)}>
          {targets.data?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </Select>
        <Button
          size="sm"
          disabled={!code.data}
          onClick={async () => {
            await navigator.clipboard?.writeText(code.data ?? '');
            toast.success('Code copied');
          }}
        >
          Copy
        </Button>
        {code.isFetching ? <span className="text-xs text-zinc-500">Generating…</span> : null}
      </div>
      <div className="min-h-0 flex-1">
        <CodeEditor
          ariaLabel="Generated code"
          value={code.data ?? ''}
          language={languageOf(chosen)}
          readOnly
          folding={false}
        />
      </div>
    </div>
  );
}
