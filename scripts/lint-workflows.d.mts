/** Types of `lint-workflows.mjs` for the tests. */
export declare function lintWorkflows(files: { path: string; text: string }[]): Promise<string[]>;
