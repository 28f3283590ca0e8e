/**
 * Running real Pulumi programs offline: the CLI (scripts/pulumi-cli.sh), the library packed the way users get
 * it (`npm pack`, installed from the tarball, never linked), and a project wrapper whose every command runs
 * against a file backend in a temp dir. Shared by `npm run demo` and the end-to-end suites.
 *
 * Commands run asynchronously: the emulator may live in the same Node process and must keep answering.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO = resolve(__dirname, "../..");

/** Directory holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs` (built once, cached). */
export function pulumiBinDir(): string {
  if (process.env.PULUMI_INVENT_CLI_BIN) return process.env.PULUMI_INVENT_CLI_BIN;
  const out = execFileSync("bash", [join(REPO, "scripts/pulumi-cli.sh")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const dir = out.toString().trim();
  process.env.PULUMI_INVENT_CLI_BIN = dir;
  return dir;
}

function sourceHash(): string {
  const h = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(p).update(readFileSync(p));
    }
  };
  walk(join(REPO, "provider"));
  h.update(readFileSync(join(REPO, "package.json")));
  return h.digest("hex").slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Makes `dir` once with `make` (which writes into it) and answers its path; concurrent test workers wait on a
 * directory lock, and a `done` marker means a half-made directory from a killed run is made again.
 */
async function cachedDir(dir: string, make: (dir: string) => Promise<void>): Promise<string> {
  const done = join(dir, ".done");
  const lock = `${dir}.lock`;
  const parent = join(dir, "..");
  mkdirSync(parent, { recursive: true });
  // Entries of earlier source states pile up in tmp: one unused for a day is pruned.
  for (const name of readdirSync(parent)) {
    const old = join(parent, name);
    if (old !== dir && Date.now() - statSync(old).mtimeMs > 86_400_000)
      rmSync(old, { recursive: true, force: true });
  }
  for (let waited = 0; !existsSync(done); waited += 500) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 300_000) throw new Error(`timed out waiting for ${lock}`);
      await sleep(500);
      continue;
    }
    try {
      if (!existsSync(done)) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        await make(dir);
        writeFileSync(done, "");
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  // Used now: the pruning above goes by the time of last use, not of making (a cache a day old may still serve).
  const now = new Date();
  utimesSync(dir, now, now);
  return dir;
}

/**
 * The library as `npm pack` makes it, built once per source state and shared by concurrent test workers
 * (the lock keeps two builds from writing dist/ at once).
 */
export async function packedLibrary(): Promise<string> {
  const dir = await cachedDir(join(tmpdir(), "pulumi-invent-pack", sourceHash()), async (into) => {
    const name = await run("npm", ["pack", "--silent", "--pack-destination", into], { cwd: REPO });
    if (name.code !== 0) throw new Error(`npm pack failed:\n${name.stderr}`);
    writeFileSync(join(into, "tarball"), join(into, name.stdout.trim().split("\n").pop()!));
  });
  return readFileSync(join(dir, "tarball"), "utf8");
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr as one text, for assertions about what a user sees. */
  output: string;
  ms: number;
}

/** Runs a command to completion without blocking the event loop. */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; echo?: boolean },
): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
      output += d;
      if (opts.echo) process.stdout.write(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
      output += d;
      if (opts.echo) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) =>
      resolvePromise({ code: code ?? -1, stdout, stderr, output, ms: Date.now() - started }),
    );
  });
}

/**
 * A copy of an example (or fixture) project in a temp dir, with the packed library installed from its tarball
 * and a file-backend stack. `tarball` may be swapped later with `install` (the upgrade test).
 */
export class PulumiProject {
  readonly env: NodeJS.ProcessEnv;
  /** Every command run, with its wall time, for the figures in reports. */
  readonly history: { command: string; ms: number; code: number }[] = [];

  private constructor(
    readonly dir: string,
    readonly root: string,
    binDir: string,
    extraPath: string[] = [],
  ) {
    const home = join(root, "pulumi-home");
    const state = join(root, "state");
    mkdirSync(home, { recursive: true });
    mkdirSync(state, { recursive: true });
    this.env = {
      ...process.env,
      PATH: [...extraPath, binDir, process.env.PATH].join(":"),
      PULUMI_BACKEND_URL: `file://${state}`,
      PULUMI_CONFIG_PASSPHRASE: "pulumi-invent-tests",
      PULUMI_HOME: home,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // The provider must get its settings from stack config, not from the test's environment.
      INVENT_API_KEY: "",
      INVENT_ORG_ID: "",
      INVENT_BASE_URL: "",
    };
  }

  /**
   * Copies `source` (an example dir) to a temp dir and installs its dependencies with `tarball` as pulumi-invent
   * (a project without `package.json`, YAML or Python, installs nothing). `path`: directories put first on PATH
   * (a language host, a Python venv's `bin`).
   */
  static async create(
    source: string,
    tarball: string,
    opts: { echo?: boolean; path?: string[] } = {},
  ): Promise<PulumiProject> {
    const root = mkdtempSync(join(tmpdir(), "pulumi-invent-e2e-"));
    const dir = join(root, "project");
    cpSync(source, dir, {
      recursive: true,
      filter: (p) => !/node_modules|Pulumi\.\w+\.yaml$|\.venv/.test(p),
    });
    const project = new PulumiProject(dir, root, pulumiBinDir(), opts.path);
    if (existsSync(join(dir, "package.json"))) await project.install(tarball, opts);
    return project;
  }

  /** Installs the given build of the library (and the repository's pinned @pulumi/pulumi) into the project. */
  async install(tarball: string, opts: { echo?: boolean } = {}): Promise<void> {
    const pkgPath = join(this.dir, "package.json");
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
    const ours = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
    pkg.dependencies["pulumi-invent"] = `file:${tarball}`;
    pkg.dependencies["@pulumi/pulumi"] = ours.devDependencies["@pulumi/pulumi"];
    const manifest = JSON.stringify(pkg, null, 2);
    writeFileSync(pkgPath, manifest);
    // npm install is the same work for every project with this manifest (about 10 s of CPU each): it runs
    // once into a cache, and each project gets a hard-linked copy of the result, a real tree in its own dir.
    const key = createHash("sha256").update(manifest).update(process.version).digest("hex").slice(0, 16);
    const installed = await cachedDir(join(tmpdir(), "pulumi-invent-modules", key), async (into) => {
      writeFileSync(join(into, "package.json"), manifest);
      const res = await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: into,
        echo: opts.echo,
      });
      if (res.code !== 0) throw new Error(`npm install failed in ${into}:\n${res.output}`);
    });
    rmSync(join(this.dir, "node_modules"), { recursive: true, force: true });
    execFileSync("cp", ["-al", join(installed, "node_modules"), join(this.dir, "node_modules")]);
    cpSync(join(installed, "package-lock.json"), join(this.dir, "package-lock.json"));
  }

  /** `pulumi <args>`; resolves with the result whatever the exit code. */
  async pulumi(args: string[], opts: { echo?: boolean } = {}): Promise<RunResult> {
    const res = await run("pulumi", [...args, "--non-interactive"], {
      cwd: this.dir,
      env: this.env,
      echo: opts.echo,
    });
    this.history.push({ command: `pulumi ${args.join(" ")}`, ms: res.ms, code: res.code });
    return res;
  }

  /** `pulumi <args>` that must succeed. */
  async ok(args: string[], opts: { echo?: boolean } = {}): Promise<RunResult> {
    const res = await this.pulumi(args, opts);
    if (res.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${res.code}:\n${res.output}`);
    return res;
  }

  async init(
    stack: string,
    config: Record<string, string>,
    secrets: Record<string, string> = {},
  ): Promise<void> {
    await this.ok(["stack", "init", stack]);
    for (const [k, v] of Object.entries(config)) await this.ok(["config", "set", k, v]);
    for (const [k, v] of Object.entries(secrets)) await this.ok(["config", "set", "--secret", k, v]);
  }

  up = (extra: string[] = [], opts: { echo?: boolean } = {}) =>
    this.ok(["up", "--yes", "--skip-preview", ...extra], opts);
  preview = (extra: string[] = []) => this.pulumi(["preview", "--diff", ...extra]);
  refresh = (extra: string[] = []) => this.pulumi(["refresh", "--yes", "--skip-preview", "--diff", ...extra]);
  destroy = (opts: { echo?: boolean } = {}) => this.ok(["destroy", "--yes", "--skip-preview"], opts);

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.ok(["stack", "output", "--json"])).stdout);
  }

  /** The state as `pulumi stack export` prints it (secrets encrypted). */
  async exportText(): Promise<string> {
    return (await this.ok(["stack", "export"])).stdout;
  }

  /** Resources of the exported state. */
  async resources(): Promise<
    {
      urn: string;
      type: string;
      id?: string;
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    }[]
  > {
    return JSON.parse(await this.exportText()).deployment.resources ?? [];
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
