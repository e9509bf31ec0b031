/**
 * Refuses secrets written in the config file. A key that would hold a secret (`api_key`, `secret`,
 * `password`, `private_key`, a database or Redis `url`, a plain `token`...) or a URL carrying credentials is
 * reported with its path and a message saying which environment variable to use instead. Values are never
 * repeated in the messages.
 */
import { isMap, isSeq, type Node } from 'yaml';
import { hasUrlCredentials } from './schema-parts.ts';
import { type PathSegment, scalarText } from './yaml-source.ts';

/** A secret found in the file: where, the node to point at, and what to do instead. */
export interface SecretFinding {
  readonly path: readonly PathSegment[];
  readonly node: unknown;
  readonly message: string;
}

const USE_ENV = 'secrets are never read from the config file';

/** Normalised key (`apiKey`, `api-key`, `API_KEY` -> `apikey`). */
function norm(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

/** Keys that are known secrets, with the `*_env` field that replaces them. */
const NAMED: Readonly<Record<string, string>> = {
  privatekey: 'private_key_env',
  apikey: 'api_key_env',
  apisecret: 'api_secret_env',
  secret: 'api_secret_env',
  passphrase: 'passphrase_env',
  secretkey: 'api_secret_env',
};

const SECRETISH = /(key|secret|password|passwd|passphrase|token|mnemonic|credentials?|dsn)$/;
const ALLOWED = new Set(['keyprefix', 'tokens']);

/** The message for a secret-looking key at `path`, or undefined when the key is fine. */
function keyProblem(path: readonly PathSegment[], key: string): string | undefined {
  const n = norm(key);
  if (key.endsWith('_env') || ALLOWED.has(n)) return undefined;
  const parent = path[0];
  if (parent === 'store' && (n === 'url' || n === 'connectionstring' || n === 'dsn' || n === 'password')) {
    return `${USE_ENV}: put the database URL in an environment variable and name it with url_env (default AG_EXEC_POSTGRES_URL)`;
  }
  if (parent === 'rateLimits' && (n === 'url' || n === 'redisurl' || n === 'password')) {
    return `${USE_ENV}: put the Redis URL in an environment variable and name it with redis_url_env (default AG_EXEC_REDIS_URL)`;
  }
  if (parent === 'auth' && n === 'token') {
    return 'plain tokens are never written in the config file: give the token\'s sha256 here, or set AG_EXEC_TOKENS="scope:token,..." in the environment';
  }
  const named = NAMED[n];
  if (named !== undefined) {
    return `${USE_ENV}: put it in an environment variable and name that variable with ${named}`;
  }
  if (SECRETISH.test(n)) {
    return `looks like a secret, and ${USE_ENV}: put it in an environment variable and name it with a *_env field`;
  }
  return undefined;
}

/** Every secret written in the document under `root`, in file order. */
export function findSecrets(root: unknown): SecretFinding[] {
  const out: SecretFinding[] = [];
  walk(root, [], out);
  return out;
}

function walk(node: unknown, path: PathSegment[], out: SecretFinding[]): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = scalarText(pair.key);
      if (key === undefined) continue;
      const at = [...path, key];
      const problem = keyProblem(at, key);
      if (problem !== undefined) out.push({ path: at, node: pair.key, message: problem });
      else walk(pair.value, at, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      walk(item, [...path, i], out);
    });
  } else {
    const s = scalarText(node);
    if (s !== undefined && hasUrlCredentials(s)) {
      out.push({
        path,
        node: node as Node,
        message: `holds a URL with credentials: ${USE_ENV}; put the URL in an environment variable`,
      });
    }
  }
}
