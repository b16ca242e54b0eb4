/**
 * `npm run -s token`: a bearer token the running local stack accepts, signed with that stack's key (read,
 * never made). Run by Node's own type stripping, without a loader, importing no library (node:crypto
 * signs, node:http asks the stack's JWKS): it answers fast.
 */
import { get } from 'node:http';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../functions/domain/identity.ts';
import { signLocalToken } from './local-jwt.ts';
import {
  exitOnStackError,
  findStack,
  STACK_OPTIONS,
  STACK_USAGE,
  StackError,
  stackSigningKey,
} from './stack-file.ts';

const usage = `Prints a bearer token the running local API accepts.
  npm run -s token -- --role member --member M000001
  npm run -s token -- --role staff --unit BJ-HD
  npm run -s token -- --role auditor | --role admin
  npm run -s token -- --role staff --unit BJ-HD-001 --approver A-BJ-HD-001-1   (GET /approvals)
Options: --role (${ROLES.join(', ')}; repeatable), --member ID, --unit CODE, --approver ID, --sub NAME, --ttl SECONDS
${STACK_USAGE}
Exit status: 0 a token, 2 a usage problem, no running stack, or a key the stack does not accept.`;

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    member: { type: 'string' },
    unit: { type: 'string' },
    approver: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string' },
    help: { type: 'boolean' },
    ...STACK_OPTIONS,
  },
});

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
}

if (values.help === true) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const roles = (values.role ?? []).flatMap((r) => r.split(','));
if (roles.length === 0) fail('give at least one --role');
for (const role of roles) if (!(ROLES as readonly string[]).includes(role)) fail(`unknown role ${role}`);
if (roles.includes('member') && values.member === undefined) fail('--role member needs --member <memberId>');
if (roles.includes('staff') && values.unit === undefined) fail('--role staff needs --unit <unit code>');
const ttl = values.ttl === undefined ? undefined : Number.parseInt(values.ttl, 10);
if (ttl !== undefined && !(ttl > 0)) fail('--ttl must be a positive number of seconds');

/** The local IdP's JWKS path (see local-idp.ts; not imported from there, which loads a JWT library). */
const JWKS_PATH = '/local-idp/jwks.json';

/** The key ids the running stack's API accepts, from its JWKS (node:http: fetch takes longer to load). */
function acceptedKeyIds(apiUrl: string): Promise<string[]> {
  const down = (why: string) => new StackError(`the local API does not answer at ${apiUrl} (${why})`);
  return new Promise((resolve, reject) => {
    const req = get(`${apiUrl}${JWKS_PATH}`, { timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) {
          reject(new StackError(`${apiUrl} is not the local API of npm start (${res.statusCode})`));
          return;
        }
        try {
          const { keys = [] } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            keys?: { kid?: string }[];
          };
          resolve(keys.map((k) => String(k.kid)));
        } catch {
          reject(new StackError(`${apiUrl} is not the local API of npm start (no JWKS)`));
        }
      });
    });
    req.on('timeout', () => req.destroy(down('no answer in 5 s')));
    req.on('error', (error) => reject(error instanceof StackError ? error : down(error.message)));
  });
}

try {
  const stack = findStack(values);
  const jwk = stackSigningKey(stack);
  const accepted = await acceptedKeyIds(stack.apiUrl);
  if (!accepted.includes(String(jwk.kid))) {
    throw new StackError(
      `the API at ${stack.apiUrl} does not accept the key of ${stack.dataDir} (${String(jwk.kid)}; it accepts ${accepted.join(', ')}): is that the data folder of the stack on this port?`,
    );
  }
  const token = signLocalToken(jwk, {
    sub: values.sub ?? values.member ?? `${roles[0]}-${values.unit ?? 'local'}`,
    roles: roles as Role[],
    memberId: values.member,
    unitCode: values.unit,
    approverId: values.approver,
    ttlSeconds: ttl,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  exitOnStackError(error);
}
