// Runs every benchmark of issue 9 side by side against one moto and rewrites bench/RESULTS.md.
// `npm run bench` (BENCH_RUNS=N for more runs; default 5, AWS CLI runs default 3).
import { execFile, execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startAwsProxy, type AwsProxy } from '../test/support/aws-proxy.js';
import { dayOneAnswers } from '../test/support/day-one-answers.js';
import { isolatedCliEnv } from '../test/support/cli-env.js';
import { startMoto } from '../test/support/moto.js';
import { npxSandbox, packWithBundle } from '../test/support/package-tarball.js';
import { parseCaller } from '../src/aws/caller.js';
import { mfaEnforcementPolicy } from '../src/iam/mfa-policy.js';
import { mb, median, ms, timeRun, timeToFirstLine } from './stats.js';
import { replayWaves } from './replay.js';
import { busyMs, describeWaves, overlappingWaves, sequentialWaves, type Wave } from './waves.js';
import { warmAccount } from './warm-account.js';

const root = join(import.meta.dirname, '..');
const runs = Number(process.env['BENCH_RUNS'] ?? 5);
const cliRuns = Number(process.env['BENCH_AWS_CLI_RUNS'] ?? 3);
const latencyMs = 50;
/**
 * moto serves one request at a time, 5-15 ms each, so a wave of 7 takes longer to drain than 50 ms
 * of latency: answers of one wave arrive after the first of the next, and the wave count above is
 * inflated. At this latency, longer than moto ever takes on a wave, answers cannot cross waves.
 */
const wideLatencyMs = 250;
/**
 * The flow's longest chain of calls that must wait for each other, on a fresh account:
 * GetCallerIdentity (the account guard) -> the inspect reads -> CreateAccountAlias (only AWS can
 * say whether an alias is free, and a refused one must leave the account untouched, so it goes
 * first) -> the other creations (user, group, policy, MFA device, password policy, role: independent
 * of each other) -> what needs two of them (AttachGroupPolicy, AddUserToGroup, CreateLoginProfile,
 * EnableMFADevice, AttachRolePolicy) -> the verify reads.
 */
const longestChain = 6;
/** The same chain without the alias going first (how this bench counted it before). */
const chainWithoutAliasGate = 5;

// moto keeps one IAM per account ID: every measured run gets an untouched account.
const freshAccountId = (): string => `${randomInt(1, 9)}${String(randomInt(0, 10 ** 11)).padStart(11, '0')}`;
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const tmp = (prefix: string): string => mkdtempSync(join(tmpdir(), `aws-day-one-bench-${prefix}-`));

log('building the bundle...');
const bundleDir = tmp('dist');
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--outdir', bundleDir], { cwd: root, stdio: 'inherit' });
const cli = join(bundleDir, 'cli.js');
log('installing the AWS CLI (bench/.venv-awscli)...');
execFileSync('bash', [join(root, 'bench', 'setup-awscli.sh')], { stdio: 'inherit' });
const awsCliVersion = execFileSync(join(root, 'bench', '.venv-awscli', 'bin', 'aws'), ['--version'], { encoding: 'utf8' }).trim();

function cliEnv(endpoint?: string): NodeJS.ProcessEnv {
  // The pty figures need a real terminal type on top of the tests' isolated environment.
  return { ...isolatedCliEnv(tmp('home'), endpoint), AWS_DEFAULT_REGION: 'us-east-1', TERM: 'xterm-256color' };
}

async function repeat(times: number, measure: () => Promise<number>): Promise<number[]> {
  await measure(); // warm the disk cache
  const values: number[] = [];
  for (let i = 0; i < times; i++) values.push(await measure());
  return values;
}

const loadAtStart = loadavg()[0]!.toFixed(1);
const moto = await startMoto();
const proxies: AwsProxy[] = [];
const proxy = async (accountId: string, latency = 0): Promise<AwsProxy> => {
  await warmAccount(moto.url, accountId);
  const started = await startAwsProxy({ target: moto.url, accountId, latencyMs: latency });
  proxies.push(started);
  return started;
};

try {
  // 1. Time to the first line of output.
  const firstRuns = Math.max(runs * 2, 10);
  log('1. time to first output...');
  // Interleaved, so a busy moment of the machine weighs on each figure alike.
  const bare: number[] = [];
  const versions: number[] = [];
  const helps: number[] = [];
  const sdkLoads: number[] = [];
  const withMachineCerts: number[] = [];
  const chunkNamed = (prefix: string): string =>
    join(
      bundleDir,
      'chunks',
      readdirSync(join(bundleDir, 'chunks')).find((name) => name.startsWith(`${prefix}-`) && name.endsWith('.js'))!,
    );
  // What every AWS command loads before its first call (src/commands/connect.ts and the SDK).
  const connectChunk = chunkNamed('connect');
  // Then, while that call is in flight: the answers parser, the engine and the steps.
  const applyChunk = chunkNamed('apply');
  const applyLoads: number[] = [];
  // Every Node start here runs in the environment the applies below run in (cliEnv): the machine's
  // own environment may carry settings that slow any Node start, such as NODE_EXTRA_CA_CERTS.
  const startEnv = cliEnv();
  const extraCerts = process.env['NODE_EXTRA_CA_CERTS'];
  await repeat(firstRuns, async () => {
    bare.push(await timeToFirstLine(process.execPath, ['-e', 'console.log(0)'], startEnv));
    versions.push(await timeToFirstLine(process.execPath, [cli, '--version'], startEnv));
    helps.push(await timeToFirstLine(process.execPath, [cli, '--help'], startEnv));
    sdkLoads.push(
      await timeToFirstLine(
        process.execPath,
        ['--input-type=module', '-e', `await import(${JSON.stringify(connectChunk)}); console.log(0)`],
        startEnv,
      ),
    );
    const rest = await timeRun(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(connectChunk)}); const t = performance.now(); await import(${JSON.stringify(applyChunk)}); console.log(performance.now() - t)`,
      ],
      startEnv,
    );
    applyLoads.push(Number(rest.stdout.trim()));
    if (extraCerts)
      withMachineCerts.push(
        await timeToFirstLine(process.execPath, ['-e', 'console.log(0)'], { ...startEnv, NODE_EXTRA_CA_CERTS: extraCerts }),
      );
    return 0;
  });
  // The first (warm-up) round is dropped.
  const [nodeStart, versionFirst, helpFirst, sdkLoad] = [bare, versions, helps, sdkLoads].map((values) => median(values.slice(1))) as [
    number,
    number,
    number,
    number,
  ];
  const wizardReady = existsSync(join(root, 'src', 'commands', 'wizard.ts'));
  let wizardFirst: number | undefined;
  let bareNodePty: number | undefined;
  let wizardStartScreen: number | undefined;
  if (wizardReady) {
    const wizardProxy = await proxy(freshAccountId());
    const env = cliEnv(wizardProxy.url);
    const pty = join(root, 'bench', 'first-output-pty.py');
    const firstOnPty = (args: readonly string[], until?: string, through = env) =>
      repeat(firstRuns, async () => {
        // Asynchronous: the proxy answering the wizard's first calls lives in this process.
        const out = (
          await promisify(execFile)('python3', [pty, ...(until ? ['--until', until] : []), '10', process.execPath, ...args], {
            env: through,
            encoding: 'utf8',
          })
        ).stdout.trim();
        if (out === 'none') throw new Error(`${args.join(' ')} showed no output within 10 s`);
        return Number(out);
      });
    wizardFirst = median(await firstOnPty([cli]));
    // The same harness for bare Node: the pty figures and the piped ones above are not comparable.
    bareNodePty = median(await firstOnPty(['-e', 'console.log(1)']));
    // The start screen needs the caller and the alias: its figure is taken at the apply's latency.
    const slowProxy = await proxy(freshAccountId(), latencyMs);
    wizardStartScreen = median(await firstOnPty([cli], 'secure this AWS account for day 1', cliEnv(slowProxy.url)));
  }

  // 2-4. A full scripted apply through the latency proxy, its re-run, and the AWS CLI script, side by side.
  log(`2-4. scripted apply, re-run and AWS CLI script through a ${latencyMs} ms proxy...`);
  const applyMs: number[] = [];
  const applyWaves: Wave[][] = [];
  const applyRequests: number[] = [];
  const applyNoLatencyMs: number[] = [];
  const noLatencyStartUp: number[] = [];
  const noLatencyAtMoto: number[] = [];
  const rerunMs: number[] = [];
  const rerunWaves: Wave[][] = [];
  const overlapCounts: { apply: number[]; rerun: number[] } = { apply: [], rerun: [] };
  // Applies at the wide latency: their waves, and the account each ran in (the replay below uses one).
  const wideRuns: { accountId: string; waves: Wave[] }[] = [];
  const rerunMutations: string[][] = [];
  const awsCliMs: number[] = [];
  const awsCliRequests: number[] = [];
  const applyOnce = async (latency: number) => {
    const accountId = freshAccountId();
    const through = await proxy(accountId, latency);
    const dir = tmp('apply');
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, dayOneAnswers(accountId, `bench-${accountId}`, { passwordFile: './cto-password.txt' }));
    const args = [cli, 'apply', '--answers', answers, '--state-dir', join(dir, 'state'), '--json'];
    const env = cliEnv(through.url);
    const spawnedAt = performance.now();
    const first = await timeRun(process.execPath, args, env);
    if (first.code !== 3) throw new Error(`apply exited ${first.code}: ${first.stderr}`);
    return { accountId, through, args, env, first, spawnedAt };
  };
  for (let i = 0; i < Math.max(runs, cliRuns); i++) {
    if (i < runs) {
      const unhindered = await applyOnce(0);
      applyNoLatencyMs.push(unhindered.first.ms);
      noLatencyStartUp.push((unhindered.through.requests[0]?.startedAt ?? NaN) - unhindered.spawnedAt);
      noLatencyAtMoto.push(busyMs(unhindered.through.requests));
      const { through, args, env, first } = await applyOnce(latencyMs);
      applyMs.push(first.ms);
      applyWaves.push(sequentialWaves(through.requests));
      const wide = await applyOnce(wideLatencyMs);
      wideRuns.push({ accountId: wide.accountId, waves: sequentialWaves(wide.through.requests) });
      overlapCounts.apply.push(overlappingWaves(through.requests));
      applyRequests.push(through.requests.length);
      const before = through.requests.length;
      const again = await timeRun(process.execPath, args, env);
      if (again.code !== 3) throw new Error(`re-run exited ${again.code}: ${again.stderr}`);
      const rerun = through.requests.slice(before);
      rerunMs.push(again.ms);
      rerunWaves.push(sequentialWaves(rerun));
      overlapCounts.rerun.push(overlappingWaves(rerun));
      rerunMutations.push(rerun.filter((r) => r.mutating).map((r) => r.action));
    }
    if (i < cliRuns) {
      const accountId = freshAccountId();
      const through = await proxy(accountId, latencyMs);
      const dir = tmp('awscli');
      const policy = join(dir, 'require-mfa.json');
      writeFileSync(policy, JSON.stringify(mfaEnforcementPolicy(parseCaller(accountId, `arn:aws:iam::${accountId}:root`))));
      const run = await timeRun('bash', [join(root, 'bench', 'aws-cli-flow.sh'), `bench-cli-${i}`, policy, dir], cliEnv(through.url));
      if (run.code !== 0) throw new Error(`the AWS CLI script exited ${run.code}: ${run.stderr}`);
      awsCliMs.push(run.ms);
      awsCliRequests.push(through.requests.length);
    }
  }

  // 2. What the emulator and the latency cost on their own: the requests of an apply, in its waves
  // (as counted at the wide latency), sent again by a client that does nothing between answers.
  log("2. replaying the apply's requests with no client work...");
  const source = wideRuns.reduce((best, run) => (run.waves.length < best.waves.length ? run : best));
  const replayed = source.waves.map((wave) => wave.requests);
  const replayMs: number[] = [];
  const replayNoLatencyMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [latency, into] of [
      [latencyMs, replayMs],
      [0, replayNoLatencyMs],
    ] as const) {
      const accountId = freshAccountId();
      const through = await proxy(accountId, latency);
      into.push(await replayWaves(replayed, through.url, source.accountId, accountId));
    }
  }

  // 5. Install footprint of the packed tarball, through npx in an empty directory (offline).
  log('5. npm pack and npx...');
  const tarball = await packWithBundle(bundleDir);
  const sandbox = npxSandbox(tarball.path);
  const npxStart = performance.now();
  await sandbox.npx(['--version']);
  const npxColdMs = performance.now() - npxStart;
  const npxWarmMs = median(
    await repeat(Math.min(runs, 5), async () => {
      const start = performance.now();
      await sandbox.npx(['--version']);
      return performance.now() - start;
    }),
  );
  const installed = sandbox.installed();

  // The report.
  const applyMedian = median(applyMs);
  const floor = nodeStart + latencyMs * longestChain;
  const floorWithoutGate = nodeStart + latencyMs * chainWithoutAliasGate;
  const waveCounts = applyWaves.map((w) => w.length);
  const wideWaveCounts = wideRuns.map((run) => run.waves.length);
  const rerunWaveCounts = rerunWaves.map((w) => w.length);
  const rerunMutationCounts = rerunMutations.map((m) => m.length);
  const awsCliMedian = median(awsCliMs);
  const speedup = awsCliMedian / applyMedian;
  const verdict = (ok: boolean): string => (ok ? 'yes' : '**no**');
  const rows: [string, string, string, string][] = [
    ['1. first line, `--version` (warm)', ms(versionFirst), '<= 150 ms', verdict(versionFirst <= 150)],
    ['1. first line, `--help` (warm)', ms(helpFirst), '<= 150 ms', verdict(helpFirst <= 150)],
    [
      '1. first frame of the wizard (warm, pty)',
      wizardFirst === undefined ? 'pending: no wizard command (src/commands/wizard.ts)' : ms(wizardFirst),
      '<= 150 ms',
      wizardFirst === undefined ? 'n/a' : verdict(wizardFirst <= 150),
    ],
    [
      `   the wizard's start screen (account, alias, choices), ${latencyMs} ms/request`,
      wizardStartScreen === undefined ? 'n/a' : ms(wizardStartScreen),
      '',
      '',
    ],
    ['   for scale: bare `node -e` first line on the same pty', bareNodePty === undefined ? 'n/a' : ms(bareNodePty), '', ''],
    ['   for scale: bare `node -e` first line, same rounds', ms(nodeStart), '', ''],
    ['   `--version` over bare Node', ms(versionFirst - nodeStart), '', ''],
    ...(withMachineCerts.length > 0
      ? [
          [
            "   not used in any figure: bare Node with this machine's NODE_EXTRA_CA_CERTS",
            ms(median(withMachineCerts.slice(1))),
            '',
            '',
          ] as [string, string, string, string],
        ]
      : []),
    [
      `2. scripted apply, fresh account, ${latencyMs} ms/request`,
      ms(applyMedian),
      `<= 1.5 x floor = ${ms(1.5 * floor)}`,
      verdict(applyMedian <= 1.5 * floor),
    ],
    ['   floor: Node start-up + latency x longest chain', `${ms(nodeStart)} + ${latencyMs} ms x ${longestChain} = ${ms(floor)}`, '', ''],
    [
      `   ratio to the ${chainWithoutAliasGate}-call floor without the alias first`,
      `${(applyMedian / floorWithoutGate).toFixed(2)}x (floor ${ms(floorWithoutGate)})`,
      '',
      '',
    ],
    ['   the same apply with no added latency', ms(median(applyNoLatencyMs)), '', ''],
    ['   of which: spawn to the first request', ms(median(noLatencyStartUp)), '', ''],
    ['   of which: a request open at moto (union of their spans)', ms(median(noLatencyAtMoto)), '', ''],
    [
      '   of which: the rest (the CLI between answers, the card, exit)',
      ms(median(applyNoLatencyMs) - median(noLatencyStartUp) - median(noLatencyAtMoto)),
      '',
      '',
    ],
    ['   loading the AWS SDK (what goes before the first call), over bare Node', ms(sdkLoad - nodeStart), '', ''],
    [
      '   then loading the rest of apply (answers parser, engine, steps), while GetCallerIdentity is in flight',
      ms(median(applyLoads.slice(1))),
      '',
      '',
    ],
    [
      `   any client: the same ${replayed.flat().length} requests in the same ${replayed.length} waves, replayed with no work between answers, + Node start-up`,
      `${ms(median(replayMs))} + ${ms(nodeStart)} = ${ms(median(replayMs) + nodeStart)} (${((median(replayMs) + nodeStart) / floor).toFixed(2)}x floor)`,
      `<= ${ms(1.5 * floor)}`,
      verdict(median(replayMs) + nodeStart <= 1.5 * floor),
    ],
    ['   the same replay with no added latency (moto serving them)', ms(median(replayNoLatencyMs)), '', ''],
    [`   measured waves x ${latencyMs} ms, + Node start-up`, ms(nodeStart + latencyMs * median(wideWaveCounts)), '', ''],
    ['   ratio to floor', `${(applyMedian / floor).toFixed(2)}x`, '<= 1.5x', verdict(applyMedian <= 1.5 * floor)],
    [
      `   sequential request waves (fresh account), ${wideLatencyMs} ms/request`,
      `${median(wideWaveCounts)} (runs: ${wideWaveCounts.join(', ')}); ${median(applyRequests)} requests`,
      `${longestChain} (the chain)`,
      verdict(Math.max(...wideWaveCounts) <= longestChain),
    ],
    [
      `   the same at ${latencyMs} ms/request, where moto's queue staggers answers`,
      `${median(waveCounts)} (runs: ${waveCounts.join(', ')}; lower bound ${median(overlapCounts.apply)})`,
      '',
      '',
    ],
    [`3. same flow as AWS CLI calls (${awsCliVersion.split(' ')[0]})`, `${ms(awsCliMedian)} (${median(awsCliRequests)} requests)`, '', ''],
    ['   aws-day-one speed-up over the AWS CLI', `${speedup.toFixed(1)}x`, '>= 10x', verdict(speedup >= 10)],
    [
      '4. re-run on the finished account: waves',
      `${median(rerunWaveCounts)} (runs: ${rerunWaveCounts.join(', ')}; lower bound ${median(overlapCounts.rerun)})`,
      '<= 2',
      verdict(Math.max(...rerunWaveCounts) <= 2),
    ],
    ['4. re-run: mutating calls', `${Math.max(...rerunMutationCounts)}`, '0', verdict(Math.max(...rerunMutationCounts) === 0)],
    ['4. re-run: wall time', ms(median(rerunMs)), '', ''],
    ['5. installed by `npx ./aws-day-one-*.tgz`', mb(installed.bytes), '<= 3 MB', verdict(installed.bytes <= 3 * 1024 * 1024)],
    [
      '5. packages installed',
      `${installed.packages.length} (${installed.packages.join(', ')})`,
      '<= 5',
      verdict(installed.packages.length <= 5),
    ],
    ['   tarball', `${mb(tarball.bytes)}, ${tarball.files.length} files`, '', ''],
    ['   `npx ./tgz --version`: empty cache (offline) / installed', `${ms(npxColdMs)} / ${ms(npxWarmMs)}`, '', ''],
  ];
  const medianRun = (all: Wave[][]): Wave[] => [...all].sort((a, b) => a.length - b.length)[Math.floor(all.length / 2)]!;
  const report = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} CPU(s)
(${cpus()[0]?.model ?? 'unknown'}; load average ${loadAtStart} at the start, ${loadavg()[0]!.toFixed(1)} at the end), moto ${readFileSync(join(root, 'scripts', 'moto-version'), 'utf8').trim()}, ${awsCliVersion}.
Medians of ${runs} runs (first-output figures: ${firstRuns} runs after a warm-up; AWS CLI: ${cliRuns} runs), all in one run
against one moto, each account fresh. Latency: a proxy (test/support/aws-proxy.ts, \`latencyMs\`) holds
every request ${latencyMs} ms before passing it on. Waves are sequential round trips: a request's
wave is one more than the latest wave among the requests answered before it was sent (so requests
in flight together share one). moto serves one request at a time, so at ${latencyMs} ms a wave of
several requests drains after the next wave has begun, and a request can count one wave too many;
the waves are therefore counted on separate applies at ${wideLatencyMs} ms per request, which moto
never takes to drain a wave. The lower bound merges a request into the current wave whenever it was
sent before that wave's last answer.

The replay row sends the requests of one of those ${wideLatencyMs} ms applies again, wave by wave,
at ${latencyMs} ms per request into a fresh account, from a client that does nothing but send them (bench/replay.ts): what the
latency and moto cost by themselves. No client can make the same calls in the same waves faster, so
when that row misses the goal, no speed-up of the client's own work can meet it on this emulator:
only fewer calls or fewer waves could.

| figure | measured | goal | met |
| --- | --- | --- | --- |
${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}

Every process is started in one isolated environment (PATH, HOME, fake keys; test/support/cli-env.ts),
the first-output figures and the floor's Node start-up included, so all of them pay the same Node
start-up. This machine's own environment sets NODE_EXTRA_CA_CERTS, which makes any Node start read a
certificate bundle; it is left out everywhere and timed once for scale.

Each account is warmed with one unrecorded ListUsers straight to moto before its timed run: moto
builds an account's IAM (loading every AWS managed policy) on the first request to it, 250-400 ms
that AWS has no counterpart for. The AWS CLI runs get the same.

The floor's chain (${longestChain} calls): GetCallerIdentity (the account guard) -> the inspect reads ->
CreateAccountAlias (only AWS can tell whether an alias is free, and a refused alias must leave the
account untouched, so it goes before every other change) -> the other creations (user, group,
policy, MFA device, password policy, role: independent of each other) -> the calls needing two of
them (AttachGroupPolicy, AddUserToGroup, CreateLoginProfile, EnableMFADevice, AttachRolePolicy) ->
the verify reads.

## Waves of a fresh-account apply (median run, ${wideLatencyMs} ms/request)

\`\`\`
${describeWaves(medianRun(wideRuns.map((run) => run.waves)))}
\`\`\`

## Waves of the re-run on the finished account (median run)

\`\`\`
${describeWaves(medianRun(rerunWaves))}
\`\`\`
`;
  // The status benchmark (bench/status-bench.ts) keeps its own section; this run leaves it as it is.
  const resultsPath = join(root, 'bench', 'RESULTS.md');
  const statusSection = existsSync(resultsPath)
    ? /<!-- status-bench -->[\s\S]*<!-- \/status-bench -->\n?/.exec(readFileSync(resultsPath, 'utf8'))?.[0]
    : undefined;
  writeFileSync(resultsPath, statusSection ? `${report.trimEnd()}\n\n${statusSection}` : report);
  process.stdout.write(report);
} finally {
  await Promise.all(proxies.map((p) => p.close()));
  await moto.stop();
}
