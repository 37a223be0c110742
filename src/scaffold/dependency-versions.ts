// The one table of versions that generated projects depend on; templates list names, the scaffold pins them.
// Every version here was checked to exist (npm: `npm view name@version version`; PyPI: its package list).

/** PyPI packages in templates/python/requirements.txt. */
export const pythonVersions: Readonly<Record<string, string>> = {
  'azure-functions': '2.3.0',
  'azure-identity': '1.27.0',
  pyodbc: '5.5.0',
};

/** npm packages in templates/node-ts/package.json (dependencies and devDependencies). */
export const nodeVersions: Readonly<Record<string, string>> = {
  '@azure/functions': '4.16.5',
  mssql: '12.7.16',
  '@types/mssql': '12.3.0',
  // The Functions Node 22 runtime; mssql's tedious 20 needs Node 22 (npm picks tedious 19 on Node 20).
  '@types/node': '22.20.7',
  typescript: '5.9.3',
};
