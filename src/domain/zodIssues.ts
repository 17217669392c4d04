import type { z } from 'zod';

/**
 * One zod issue as `a.b.c: message`, the form every validation error takes in this tool.
 * `root` names the whole value when the issue is about it rather than a field (a traffic
 * row, the config file, a routing table).
 */
export function describeIssue(issue: z.core.$ZodIssue, root = 'row'): { field: string; message: string } {
  const field = issue.path.length ? issue.path.map(String).join('.') : root;
  return { field, message: issue.message };
}

/** All issues of a failed parse, one per line, each naming its field. */
export function describeIssues(error: z.ZodError, root: string): string {
  return error.issues
    .map((issue) => {
      const { field, message } = describeIssue(issue, root);
      return `${field}: ${message}`;
    })
    .join('\n');
}
