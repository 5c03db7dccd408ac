/**
 * `@apiplay/core/reports`: a finished run's report as the files CI systems and people read — JUnit XML and one
 * self-contained HTML page. The CLI's reporters write them; the server answers them as run report downloads.
 */
export { escapeHtml, escapeXml } from './escape-markup';
export { renderHtml } from './render-html';
export { renderJunit } from './render-junit';
