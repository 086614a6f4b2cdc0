// Business-key workflow IDs: with an ID-reuse policy they make a notification happen once per key.
import { createHash } from 'node:crypto';

/** A short, stable stand-in for personal data in IDs (workflow IDs are never encrypted, and show in the Web UI). */
const digest = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 20);

/**
 * `hot-lead-<notion id, or a hash of the email>-<YYYY-MM-DD>`: start `hotLeadAlert` with this ID and the ID-reuse
 * policy RejectDuplicate, and a second alert for the same lead on the same day is refused (nothing is sent). Use
 * the report time zone's date. The email itself never appears in the ID.
 */
export function hotLeadWorkflowId(lead: { email: string; notionId?: string | undefined }, date: string): string {
  const key = lead.notionId ?? `email-${digest(lead.email.trim().toLowerCase())}`;
  return `hot-lead-${key}-${date}`;
}

/** `daily-performance-report-<YYYY-MM-DD>`: one daily report per date. */
export const dailyReportWorkflowId = (date: string): string => `daily-performance-report-${date}`;
