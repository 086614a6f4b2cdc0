// Business-key workflow IDs: with a reuse policy they make a notification happen once per key.

/**
 * `hot-lead-<email>-<YYYY-MM-DD>`: start `hotLeadAlert` with this ID and the ID-reuse policy RejectDuplicate, and a
 * second alert for the same lead on the same day is refused (nothing is sent). Dates are the report time zone's.
 */
export function hotLeadWorkflowId(email: string, date: string): string {
  return `hot-lead-${email.trim().toLowerCase()}-${date}`;
}

/** `daily-performance-report-<YYYY-MM-DD>`: one daily report per date. */
export const dailyReportWorkflowId = (date: string): string => `daily-performance-report-${date}`;
