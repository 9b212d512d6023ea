/** Files of a Zendesk app package: path inside the package → bytes. */
export type PackageFiles = Map<string, Uint8Array>;

export interface ValidationResult {
  /** What would stop the upload, or what we hold to the same bar. */
  errors: string[];
  /** What Zendesk would show but accept. */
  warnings: string[];
}

export declare const zipName: string;
export declare function writeZip(files: PackageFiles): Uint8Array;
export declare function readZip(bytes: Uint8Array): PackageFiles;
export declare function pngSize(bytes: Uint8Array): { width: number; height: number } | null;
export declare function validateZendeskPackage(files: PackageFiles): ValidationResult;
export declare function readPackageDir(dir: string): PackageFiles;
export declare function collectPackage(options?: {
  root?: string;
  backendHost?: string;
}): PackageFiles;
export declare function buildSidebar(root?: string): void;
export declare function packageZendeskApp(options?: {
  root?: string;
  build?: boolean;
  backendHost?: string;
  outDir?: string;
}): { zipPath: string; files: PackageFiles; warnings: string[] };
