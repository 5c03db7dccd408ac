import type { TRunReportFormat } from '@apiplay/core';
import { Download } from 'lucide-react';
import { useDownloadRunReport } from '../../api/hooks/runs';
import { Button } from '../../components/ui/button';
import { saveFile } from '../../lib/save-file';

const formats: { format: TRunReportFormat; label: string; ext: string }[] = [
  { format: 'junit', label: 'JUnit', ext: 'xml' },
  { format: 'json', label: 'JSON', ext: 'json' },
  { format: 'html', label: 'HTML', ext: 'html' },
];

/** Download a finished run's report as the server renders it (the same files `apiplay run --reporters` writes). */
export function RunReportButtons({ runId, name }: { runId: string; name: string }) {
  const download = useDownloadRunReport();
  return (
    <span className="flex flex-wrap gap-2" data-testid="run-report-buttons">
      {formats.map(({ format, label, ext }) => (
        <Button
          key={format}
          size="sm"
          disabled={download.isPending}
          onClick={async () => {
            const blob = await download.mutateAsync({ runId, format });
            saveFile(
              `${name.replace(/[^\w.-]+/g, '-') || 'run'}.${format === 'junit' ? 'junit.' : ''}${ext}`,
              blob,
            );
          }}
        >
          <Download aria-hidden className="h-3.5 w-3.5" />
          {label}
        </Button>
      ))}
    </span>
  );
}
