import type { z } from 'zod';

/** One zod issue as `a.b.c: message`, the form every validation error takes in this tool. */
export function describeIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): { field: string; message: string } {
  const path = [...prefix, ...issue.path];
  const field = path.length ? path.map(String).join('.') : 'row';
  return { field, message: issue.message };
}

/** All issues of a failed parse, one per line, each naming its field. */
export function describeIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  return error.issues
    .map((issue) => {
      const { field, message } = describeIssue(issue, prefix);
      return `${field}: ${message}`;
    })
    .join('\n');
}
