/**
 * Calling a Trophyroom server's API from the CLI (not Sony's): the server and the personal API
 * token from the flags or the environment, a refusal as the CLI's error with an exit code.
 * @module
 */
import type { CommandArgs } from '../command.ts';
import { AuthRequiredError, CliError, UsageError } from '../errors/cli-error.ts';
import { EXIT } from '../errors/exit-codes.ts';

/** The server's origin and the token, from the flags or the environment. */
export function target(values: CommandArgs['values'], env: NodeJS.ProcessEnv): { server: string; token: string } {
  const server = (values.server as string | undefined) ?? env.TROPHYROOM_SERVER;
  const token = (values.token as string | undefined) ?? env.TROPHYROOM_TOKEN;
  if (!server) throw new UsageError('Which server? Give --server URL (or set TROPHYROOM_SERVER), e.g. --server http://127.0.0.1:3000.');
  if (!URL.canParse(server) || !/^https?:$/.test(new URL(server).protocol)) throw new UsageError(`--server "${server}" is not an http:// or https:// URL.`);
  if (!token) throw new AuthRequiredError('No API token: create one in Trophyroom (Settings → API tokens) and set TROPHYROOM_TOKEN=trp_… (or pass --token).');
  return { server: new URL(server).origin, token };
}

/** A server's refusal as the CLI's error: its message, and an exit code by what went wrong. */
async function refusal(response: Response): Promise<CliError> {
  let message = `The server answered ${response.status}.`;
  let code = '';
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: { issues?: Array<{ path: string; message: string }> } } };
    code = body.error?.code ?? '';
    message = body.error?.message ?? message;
    const more = body.error?.details?.issues?.slice(1, 4).map((i) => `${i.path}: ${i.message}`);
    if (more?.length) message += ` Also: ${more.join('; ')}.`;
  } catch {
    // Not the API's JSON (a proxy's page): the status says it.
  }
  if (response.status === 401) return new AuthRequiredError(`${message} (check TROPHYROOM_TOKEN)`);
  if (response.status >= 500) return new CliError(message, EXIT.unavailable);
  return new CliError(code ? `${message}` : message, EXIT.usage);
}

export async function call(server: string, token: string, path: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
  try {
    const response = await fetch(`${server}${path}`, { ...init, signal, headers: { ...init.headers, authorization: `Bearer ${token}` } });
    if (!response.ok) throw await refusal(response);
    return response;
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (signal.aborted) throw new CliError('Interrupted.', EXIT.interrupted);
    throw new CliError(`Could not reach the Trophyroom server at ${server} (${(error as Error).message}).`, EXIT.unavailable);
  }
}
