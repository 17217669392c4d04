import type { GateResult } from '../analysis/gates.js';

/**
 * JUnit XML for CI systems that display test reports: one test case per gate, a failure
 * for a tripped gate, skipped for a gate with no limit or nothing to measure.
 */
export function junitXml(input: { runId: string; gates: readonly GateResult[]; timestamp?: string }): string {
  const failures = input.gates.filter((g) => g.tripped).length;
  const skipped = input.gates.filter((g) => !g.checked).length;
  const cases = input.gates.map((g) => {
    const name = `${g.gate}${g.limit === null ? '' : ` (limit ${g.limit})`}`;
    const open = `    <testcase classname="router-eval.gates" name="${escape(name)}" time="0">`;
    const figure = `figure ${g.figure ?? 'n/a'}, limit ${g.limit ?? 'n/a'}`;
    const body = g.tripped
      ? `      <failure message="${escape(g.evidence)}" type="GateTripped">${escape(`${figure}\n${g.evidence}`)}</failure>`
      : !g.checked
        ? `      <skipped message="${escape(g.evidence)}"/>`
        : `      <system-out>${escape(`${figure}: ${g.evidence}`)}</system-out>`;
    return `${open}\n${body}\n    </testcase>`;
  });
  const attrs = `name="router-eval gates: ${escape(input.runId)}" tests="${input.gates.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs}>`,
    `  <testsuite ${attrs}${input.timestamp ? ` timestamp="${escape(input.timestamp)}"` : ''}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * XML-escapes text and drops characters XML 1.0 cannot carry: control characters, the
 * non-characters U+FFFE/U+FFFF, and unpaired UTF-16 surrogates (`\p{Cs}` in a `u` regex
 * matches only those; a valid pair such as an emoji is one code point and stays).
 */
function escape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
