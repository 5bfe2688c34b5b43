import { zhCN, type Messages } from './zh-CN';

/** The messages of the page's language; zh-CN is the only one so far. */
export const t: Messages = zhCN;
export const locale = 'zh-CN';

/** 1 → 一, 12 → 十二: directive section numbers as written (一、二、三、…). */
export function chineseNumeral(n: number): string {
  const digits = '〇一二三四五六七八九';
  if (n < 10) return digits[n] ?? String(n);
  if (n < 20) return '十' + (n % 10 ? digits[n % 10] : '');
  if (n < 100) return (digits[Math.floor(n / 10)] ?? '') + '十' + (n % 10 ? digits[n % 10] : '');
  return String(n);
}

export function sectionLabel(n: number): string {
  return `${chineseNumeral(n)}、`;
}

/** Dates as Chinese readers write them, in China time: 2020年1月29日. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+08:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' }).format(date);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(date);
}
