/**
 * Reads a password from stdin. From a pipe or file: the first line. From a terminal: typed
 * with echo off, asked twice so a typo does not lock the administrator out.
 */
export async function readPassword(
  stdin: NodeJS.ReadStream,
  prompt: NodeJS.WriteStream,
): Promise<string> {
  if (!stdin.isTTY) return firstLine(stdin);
  const first = await readHidden(stdin, prompt, 'Password: ');
  const second = await readHidden(stdin, prompt, 'Same password again: ');
  if (first !== second) throw new Error('The two passwords are different.');
  return first;
}

async function firstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/, 1)[0] ?? '';
}

function readHidden(
  stdin: NodeJS.ReadStream,
  prompt: NodeJS.WriteStream,
  label: string,
): Promise<string> {
  prompt.write(label);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      prompt.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new Error('Cancelled.'));
        if (char === '\u007f' || char === '\b') typed = Array.from(typed).slice(0, -1).join('');
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
