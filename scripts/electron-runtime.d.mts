// Types for electron-runtime.mjs, so TypeScript tests can import it.
export declare function electronPackageDir(): string | null;
export declare function findElectronRuntime(options?: {
  env?: NodeJS.ProcessEnv;
  packageDir?: string | null;
}): { path: string } | { missing: string };
