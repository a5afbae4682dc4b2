// @ts-check
import base from './stryker.config.mjs';

/**
 * A run over one folder (`npm run mutation:domain`, `npm run mutation:store`): the three folders'
 * options (stryker.config.mjs) with static mutants left out (a mutant of a module-level constant
 * runs every test once per mutant), the per-mutant log (stryker.mutant-log.mjs: a run stopped for
 * time still says which mutants ran), and reports, sandbox and incremental file named after the
 * folder, so that runs side by side do not overwrite one another.
 * @param {string} name the folder's name in the file names
 * @param {import('@stryker-mutator/api/core').PartialStrykerOptions} options what the folder sets
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function folderRun(name, options) {
  return {
    ...base,
    ignoreStatic: true,
    plugins: [...(base.plugins ?? []), './stryker.mutant-log.mjs'],
    reporters: [...(base.reporters ?? []), 'mutant-log'],
    // Not into the sandbox: another run's sandboxes (runs over single files, side by side) and reports.
    ignorePatterns: ['/.stryker-tmp*', '/reports'],
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    htmlReporter: { fileName: `reports/mutation/${name}.html` },
    tempDirName: `.stryker-tmp-${name}`,
    incrementalFile: `reports/mutation/${name}-incremental.json`,
    ...options,
  };
}
