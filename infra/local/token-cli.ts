import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../functions/domain/identity.ts';
import { localIdp } from './local-idp.ts';

const usage = `Prints a bearer token the local API accepts.
  npm run -s token -- --role member --member M000001
  npm run -s token -- --role staff --unit BJ-HD
  npm run -s token -- --role auditor | --role admin
  npm run -s token -- --role staff --unit BJ-HD-001 --approver A-BJ-HD-001-1   (GET /approvals)
Options: --role (${ROLES.join(', ')}; repeatable), --member ID, --unit CODE, --approver ID, --sub NAME, --ttl SECONDS, --data-dir DIR`;

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    member: { type: 'string' },
    unit: { type: 'string' },
    approver: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean' },
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

const idp = await localIdp(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
const token = await idp.sign({
  sub: values.sub ?? values.member ?? `${roles[0]}-${values.unit ?? 'local'}`,
  roles: roles as Role[],
  memberId: values.member,
  unitCode: values.unit,
  approverId: values.approver,
  ttlSeconds: ttl,
});
process.stdout.write(`${token}\n`);
