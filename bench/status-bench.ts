// `status` on emulated accounts of 100, 1,000 and 5,000 users through the latency proxy, side by side
// with Prowler's IAM checks on the same accounts (issue 18). Rewrites the status section of
// bench/RESULTS.md. `npx tsx bench/status-bench.ts` (STATUS_BENCH_SIZES=100,1000 and
// STATUS_BENCH_PROWLER_SIZES=100,1000 choose the accounts; Prowler at 5,000 takes long;
// STATUS_BENCH_PROWLER_SIZES= keeps the last run's Prowler figures).
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { Agent } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { layerParts, type LayerOptions } from '../test/support/aws-layer.js';
import { startAwsProxy } from '../test/support/aws-proxy.js';
import { isolatedCliEnv } from '../test/support/cli-env.js';
import { startMoto } from '../test/support/moto.js';
import { sendQuery } from './query-request.js';
import { ms, timeRun } from './stats.js';

const root = join(import.meta.dirname, '..');
const latencyMs = 50;
const sizes = (process.env['STATUS_BENCH_SIZES'] ?? '100,1000,5000').split(',').map(Number);
const prowlerSizes = new Set((process.env['STATUS_BENCH_PROWLER_SIZES'] ?? '100,1000').split(',').map(Number));
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const tmp = (prefix: string): string => mkdtempSync(join(tmpdir(), `aws-day-one-status-bench-${prefix}-`));
const freshAccountId = (): string => `${randomInt(1, 9)}${String(randomInt(0, 10 ** 11)).padStart(11, '0')}`;
/**
 * moto has no IAM Access Analyzer and no account:ListRegions: the layer's part 9 serves them (17 regions
 * enabled by default, no analyzer). Its other parts stay off, as they always were here.
 */
const regionsLayer: LayerOptions = { off: layerParts.map((part) => part.name).filter((name) => name !== 'access-analyzer') };
/** Goals of issue 18. */
const requestGoal = (users: number): number => users / 100 + 40;
const speedGoal = 20;

/**
 * A day-1 account grown big: N users in 10 groups, a third with a console password, a fifth with
 * an access key; straight to moto, not timed, not counted.
 */
async function populate(motoUrl: string, accountId: string, users: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const send = async (params: Record<string, string>): Promise<void> => {
    const status = await sendQuery(
      motoUrl,
      { service: 'iam', params: { ...params, Version: '2010-05-08' }, motoAccountId: accountId },
      agent,
    );
    if (status !== 200) throw new Error(`${params['Action']} on moto: HTTP ${status}`);
  };
  for (let g = 0; g < 10; g++) await send({ Action: 'CreateGroup', GroupName: `team-${g}` });
  await send({ Action: 'AttachGroupPolicy', GroupName: 'team-0', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < users) {
      const i = next++;
      const name = `user-${i}`;
      await send({ Action: 'CreateUser', UserName: name });
      await send({ Action: 'AddUserToGroup', UserName: name, GroupName: `team-${i % 10}` });
      if (i % 3 === 0) await send({ Action: 'CreateLoginProfile', UserName: name, Password: 'Correct-Horse-Battery-9' });
      if (i % 5 === 0) await send({ Action: 'CreateAccessKey', UserName: name });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  agent.destroy();
}

interface Measure {
  readonly wallMs: number;
  readonly requests: number;
  readonly ok: boolean;
  readonly note: string;
}

async function measureStatus(cli: string, motoUrl: string, accountId: string): Promise<Measure & { regional: number }> {
  const proxy = await startAwsProxy({ target: motoUrl, accountId, latencyMs, layer: regionsLayer });
  try {
    const run = await timeRun(process.execPath, [cli, 'status', '--json'], isolatedCliEnv(tmp('home'), proxy.url));
    const report = JSON.parse(run.stdout) as { checks: unknown[]; summary: Record<string, number> };
    const byAction = new Map<string, number>();
    for (const r of proxy.requests)
      byAction.set(r.action || `${r.service} (REST)`, (byAction.get(r.action || `${r.service} (REST)`) ?? 0) + 1);
    log(`  status requests by action: ${[...byAction].map(([a, n]) => `${a} ${n}`).join(', ')}`);
    return {
      wallMs: run.ms,
      requests: proxy.requests.length,
      regional: proxy.requests.filter((r) => r.action === 'ListRegions' || r.signingName === 'access-analyzer').length,
      ok: run.code === 0 || run.code === 1,
      note: `${report.checks.length} checks (${JSON.stringify(report.summary)})`,
    };
  } finally {
    await proxy.close();
  }
}

async function measureProwler(motoUrl: string, accountId: string): Promise<Measure> {
  const proxy = await startAwsProxy({ target: motoUrl, accountId, latencyMs });
  const out = tmp('prowler');
  try {
    const env = { ...isolatedCliEnv(tmp('home'), proxy.url), AWS_DEFAULT_REGION: 'us-east-1' };
    // Only its IAM checks, in one region, read through the same proxy.
    const run = await timeRun(
      join(root, 'bench', '.venv-prowler', 'bin', 'prowler'),
      [
        'aws',
        '--services',
        'iam',
        '--region',
        'us-east-1',
        '--output-formats',
        'json-ocsf',
        '--output-directory',
        out,
        '--no-banner',
        '--ignore-exit-code-3',
      ],
      env,
    );
    const findings = existsSync(out)
      ? execFileSync('sh', ['-c', `cat ${out}/*.ocsf.json 2>/dev/null | grep -c '"status_code"' || true`], { encoding: 'utf8' }).trim()
      : '0';
    return {
      wallMs: run.ms,
      requests: proxy.requests.length,
      ok: run.code === 0,
      note: `exit ${run.code}, ${findings} findings${run.code === 0 ? '' : `: ${run.stderr.trim().split('\n').slice(-2).join(' ').slice(0, 200)}`}`,
    };
  } finally {
    await proxy.close();
  }
}

log('building the bundle...');
const bundleDir = tmp('dist');
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--outdir', bundleDir], { cwd: root, stdio: 'inherit' });
const cli = join(bundleDir, 'cli.js');
if (sizes.some((users) => prowlerSizes.has(users))) {
  log('installing Prowler (bench/.venv-prowler)...');
  execFileSync('bash', [join(root, 'bench', 'setup-prowler.sh')], { stdio: 'inherit' });
}
const prowlerVersion = readFileSync(join(root, 'bench', 'prowler-version'), 'utf8').trim();

/** Prowler's figures of the last run, by users, from RESULTS.md: kept at the sizes where it does not run again. */
function earlierProwler(results: string): Map<number, Measure> {
  const rows = new Map<number, Measure>();
  for (const m of results.matchAll(/^\| (\d+) \| [^|]+ \| [^|]+ \| (\d+) \| (\d+) ms \| [^|]+ \| ([^|]+) \|$/gm)) {
    const note = m[4]!.trim().replace(/ \(an earlier run\)$/, '');
    rows.set(Number(m[1]), { requests: Number(m[2]), wallMs: Number(m[3]), ok: true, note: `${note} (an earlier run)` });
  }
  return rows;
}

function row(users: number, status: Measure & { regional: number }, prowler: Measure | undefined): string {
  const goal = requestGoal(users);
  const speedup = prowler ? prowler.wallMs / status.wallMs : undefined;
  const requests = `${status.requests} (${status.regional} of them Access Analyzer; goal ≤ ${goal}: ${status.requests <= goal ? 'met' : 'MISSED'})`;
  const ratio = speedup
    ? `${speedup.toFixed(1)}x${users === 1000 ? ` (goal ≥ ${speedGoal}x: ${speedup >= speedGoal ? 'met' : 'MISSED'})` : ''}`
    : '-';
  return `| ${users} | ${requests} | ${ms(status.wallMs)} | ${prowler?.requests ?? 'not run'} | ${prowler ? ms(prowler.wallMs) : 'not run'} | ${ratio} | ${prowler?.note ?? '-'} |`;
}

const resultsPath = join(root, 'bench', 'RESULTS.md');
const earlier = earlierProwler(readFileSync(resultsPath, 'utf8'));
const loadAtStart = loadavg()[0]!.toFixed(1);
const moto = await startMoto();
const rows: string[] = [];
try {
  for (const users of sizes) {
    const accountId = freshAccountId();
    log(`${users} users: populating...`);
    await populate(moto.url, accountId, users);
    log(`${users} users: status...`);
    const status = await measureStatus(cli, moto.url, accountId);
    let prowler: Measure | undefined;
    if (prowlerSizes.has(users)) {
      log(`${users} users: prowler...`);
      prowler = await measureProwler(moto.url, accountId);
      log(`  prowler: ${prowler.requests} requests, ${ms(prowler.wallMs)}, ${prowler.note}`);
    }
    rows.push(row(users, status, prowler ?? earlier.get(users)));
    log(`  status: ${status.requests} requests (${status.regional} Access Analyzer), ${ms(status.wallMs)}, ${status.note}`);
  }
} finally {
  await moto.stop();
}

const section = `<!-- status-bench -->
## \`status\` on big accounts, beside Prowler (bench/status-bench.ts)

Machine: ${cpus().length} cores, load ${loadAtStart} at start. Each account: N users in 10 groups
(AdministratorAccess on one), a third with a console password, a fifth with an access key, made
straight on moto before the clock starts. Both tools read through the proxy adding ${latencyMs} ms per
request. Prowler ${prowlerVersion} (PyPI, bench/.venv-prowler) runs its IAM checks only
(\`--services iam --region us-east-1\`), reading moto through \`AWS_ENDPOINT_URL\`.

Goals (issue 18): at most N/100 + 40 requests for N users, and at least 20x faster than Prowler at
1,000 users. Prowler runs only at the sizes in STATUS_BENCH_PROWLER_SIZES (default 100 and 1,000): at
its pace here, 5,000 users would take about 40 minutes. Each \`status\` run reads a credential report
made for it; a re-run within 4 hours gets AWS's earlier report back and reads every user live
(about four requests per user), which this table does not show. moto answers
\`GetAccountAuthorizationDetails\` in one page; AWS pages it by 1,000 entities, so 5,000 users cost it
about 5 more requests there (and 4 more \`ListUsers\` pages). CIS 1.19 (IAM Access Analyzer in every
active region) costs 1 + one request per active region whatever the number of users: \`account:ListRegions\`
beside the IAM reads, then \`ListAnalyzers\` in every region at once (the layer's part 9 serves both, as
moto has neither, with AWS's 17 regions enabled by default). Where Prowler was not run again
(STATUS_BENCH_PROWLER_SIZES), its figures are the last run's, said so, beside this run's \`status\`.

| users | status requests | status wall time | Prowler requests | Prowler wall time | Prowler / status | Prowler run |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
<!-- /status-bench -->
`;
const results = readFileSync(resultsPath, 'utf8');
const marked = /<!-- status-bench -->[\s\S]*<!-- \/status-bench -->\n?/;
writeFileSync(resultsPath, marked.test(results) ? results.replace(marked, section) : `${results.trimEnd()}\n\n${section}`);
process.stdout.write(section);
