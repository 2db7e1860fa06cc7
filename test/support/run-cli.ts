// Runs the CLI in-process with captured output, as the tests of whole runs need it.
import { runCli } from '../../src/cli.js';

export async function runCapturedCli(argv: string[], cwd: string, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd, env: {}, ...(stdin === undefined ? {} : { readStdin: async () => stdin }) };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
