import type { CsvExport } from '../../../src-shared/domain/export'

/** Hands a CSV the core made to the browser's download (the desktop app's save dialog does the same). */
export function saveCsv(file: CsvExport): void {
  const url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv;charset=utf-8' }))
  Object.assign(document.createElement('a'), { href: url, download: file.filename }).click()
  URL.revokeObjectURL(url)
}
