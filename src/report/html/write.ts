import { join } from 'node:path';
import { writeWhole } from '../../files/writeWhole.js';
import type { Db } from '../../store/db.js';
import { loadHtmlReportData, type HtmlReportData } from './data.js';
import { renderHtmlReport } from './render.js';

/** Writes the report page to a file, creating its folder. */
export function writeHtmlReport(path: string, data: HtmlReportData): void {
  writeWhole(path, renderHtmlReport(data), 'the HTML report');
}

/** Writes the report page of an analysed run to `path` and returns it; undefined when the run has no stored analysis. */
export function writeRunReportFile(db: Db, runId: string, path: string): string | undefined {
  const data = loadHtmlReportData(db, runId);
  if (!data) return undefined;
  writeHtmlReport(path, data);
  return path;
}

/** `<outDir>/report.html` for an analysed run (what replay writes into the run's folder). */
export function writeRunReport(db: Db, runId: string, outDir: string): string | undefined {
  return writeRunReportFile(db, runId, join(outDir, 'report.html'));
}
