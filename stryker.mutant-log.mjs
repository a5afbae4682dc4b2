// @ts-check
import { appendFileSync } from 'node:fs';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

/**
 * A reporter that appends each mutant's result as one JSON line the moment it is known
 * (STRYKER_MUTANT_LOG names the file; nothing without it). Stryker writes its own reports only
 * when a run ends; on two shared cores a store run may have to be stopped first, and this log
 * still says which mutants ran and how each ended.
 */
class MutantLog {
  static inject = /** @type {const} */ ([]);
  /** @param {Readonly<import('@stryker-mutator/api/core').MutantResult>} result */
  onMutantTested(result) {
    const file = process.env.STRYKER_MUTANT_LOG;
    if (file === undefined || file === '') return;
    const { id, fileName, mutatorName, replacement, location, status, killedBy, coveredBy } = result;
    appendFileSync(
      file,
      `${JSON.stringify({
        id,
        file: fileName,
        line: location.start.line,
        column: location.start.column + 1,
        mutatorName,
        replacement,
        status,
        killedBy,
        tests: coveredBy?.length,
      })}\n`,
    );
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'mutant-log', MutantLog)];
