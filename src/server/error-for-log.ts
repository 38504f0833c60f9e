/**
 * An error's stack frames without its message line: messages can quote request data (a JSON
 * parser's quotes the text it choked on), which must never reach the logs.
 */
export function stackFramesOf(err: Error): string {
  const header = `${err.name}: ${err.message}`;
  const stack = err.stack ?? '';
  return stack.startsWith(header) ? stack.slice(header.length) : '';
}

/** The error's name and stack frames, for a log line: never its message. */
export function describeForLog(err: Error): string {
  return `${err.name}${stackFramesOf(err)}`;
}
