// How the console writes numbers, sizes, dates and durations: one spelling everywhere.
const NUMBER = new Intl.NumberFormat('en');

export const formatNumber = (n: number): string => NUMBER.format(n);

export function formatRate(n: number): string {
  return n >= 10 ? NUMBER.format(Math.round(n)) : n.toFixed(n === 0 ? 0 : 2);
}

/** "2025-01-31 12:00:00 UTC" from an ISO 8601 date ('' stays ''). */
export function formatDate(iso: string): string {
  if (iso === '') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatDuration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = Math.floor(seconds % 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i] ?? ''}`;
}
