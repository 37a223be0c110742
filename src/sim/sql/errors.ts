// The errors the simulated SQL server sends, with Azure SQL's numbers, classes, states and texts.

/** An error as SQL Server reports it (an ERROR token on the wire). */
export class SimSqlError extends Error {
  readonly number: number;
  readonly state: number;
  readonly class: number;
  /** 1-based line in the batch; 1 for login errors (TDS clients show 65536 for those). */
  lineNumber: number;
  constructor(number: number, message: string, options: { class: number; state?: number; lineNumber?: number }) {
    super(message);
    this.name = 'SimSqlError';
    this.number = number;
    this.state = options.state ?? 1;
    this.class = options.class;
    this.lineNumber = options.lineNumber ?? 1;
  }
}

/** The server name does not resolve: no SQL server answers at all (a DNS failure, not a SQL error). */
export class SimSqlHostNotFound extends Error {
  readonly code = 'ENOTFOUND';
  constructor(readonly host: string) {
    super(`getaddrinfo ENOTFOUND ${host}`);
    this.name = 'SimSqlHostNotFound';
  }
}

const err = (number: number, cls: number, message: string, state = 1) => new SimSqlError(number, message, { class: cls, state });

// Login (the gateway and the database).
export const loginFailed = () => err(18456, 14, "Login failed for user '<token-identified principal>'.");
export const firewallRefused = (serverName: string, ip: string) =>
  err(
    40615,
    14,
    `Cannot open server '${serverName}' requested by the login. Client with IP address '${ip}' is not allowed to access the server.  ` +
      'To enable access, use the Azure Management Portal or run sp_set_firewall_rule on the master database to create a firewall rule for this IP address or address range.  ' +
      'It may take up to five minutes for this change to take effect.',
  );
export const publicAccessDenied = () =>
  err(
    47073,
    14,
    // The error-number table's current wording ('because', not the older 'since'), as mssql users see it.
    'Reason: An instance-specific error occurred while establishing a connection to SQL Server. Connection was denied because Deny Public Network Access is set to Yes.',
  );
export const databaseUnavailable = (database: string, serverName: string, tracingId: string) =>
  err(
    40613,
    17,
    `Database '${database}' on server '${serverName}' is not currently available.  Please retry the connection later.  ` +
      `If the problem persists, contact customer support, and provide them the session tracing ID of '${tracingId}'.`,
  );
export const cannotOpenDatabase = (database: string) =>
  err(4060, 11, `Cannot open database "${database}" requested by the login. The login failed.`);

// Parsing.
export const syntaxNear = (near: string, keyword: boolean) =>
  keyword ? err(156, 15, `Incorrect syntax near the keyword '${near}'.`) : err(102, 15, `Incorrect syntax near '${near}'.`);
export const unclosedQuote = (text: string) => err(105, 15, `Unclosed quotation mark after the character string '${text}'.`);
export const missingEndComment = () => err(113, 15, "Missing end comment mark '*/'.");
export const undeclaredVariable = (name: string) => err(137, 15, `Must declare the scalar variable "${name}".`);
export const unknownFunction = (name: string) => err(195, 15, `'${name}' is not a recognized built-in function name.`);

// Binding and evaluation.
export const invalidObject = (name: string) => err(208, 16, `Invalid object name '${name}'.`);
export const invalidColumn = (name: string) => err(207, 16, `Invalid column name '${name}'.`);
export const ambiguousColumn = (name: string) => err(209, 16, `Ambiguous column name '${name}'.`);
export const unboundIdentifier = (text: string) => err(4104, 16, `The multi-part identifier "${text}" could not be bound.`);
export const nonBooleanCondition = (near: string) =>
  err(4145, 16, `An expression of non-boolean type specified in a context where a condition is expected, near '${near}'.`);
export const conversionFailed = (value: string, type: string) =>
  err(245, 16, `Conversion failed when converting the nvarchar value '${value}' to data type ${type}.`);
export const incompatibleTypes = (left: string, right: string, operator: string) =>
  err(402, 16, `The data types ${left} and ${right} are incompatible in the ${operator} operator.`);
export const notAGuid = () => err(8169, 16, 'Conversion failed when converting from a character string to uniqueidentifier.');
export const wrongArgumentCount = (name: string, count: string) =>
  err(174, 15, `The ${name} function requires ${count} argument(s).`);

// Principals and roles.
export const principalExists = (name: string) => err(15023, 16, `User, group, or role '${name}' already exists in the current database.`);
export const sidHasOtherUser = () => err(15063, 16, 'The login already has an account under a different user name.');
export const noPermission = () => err(15247, 16, 'User does not have permission to perform this action.');
export const cannotAlterRole = (role: string) =>
  err(15151, 16, `Cannot alter the role '${role}', because it does not exist or you do not have permission.`);
export const cannotChangeMember = (verb: 'add' | 'drop', member: string) =>
  err(15151, 16, `Cannot ${verb} the principal '${member}', because it does not exist or you do not have permission.`);
export const cannotDropUser = (name: string) =>
  err(15151, 16, `Cannot drop the user '${name}', because it does not exist or you do not have permission.`);
export const cannotDropSpecialUser = (name: string) => err(15150, 16, `Cannot drop the user '${name}'.`);
export const ownsSchema = () => err(15138, 16, 'The database principal owns a schema in the database, and cannot be dropped.');
export const publicMembership = () => err(15081, 16, 'Membership of the public role cannot be changed.');
export const specialPrincipal = (name: string) => err(15405, 11, `Cannot use the special principal '${name}'.`);

// Microsoft Entra lookups.
export const principalNotFound = (name: string) =>
  err(33130, 16, `Principal '${name}' could not be found or this principal type is not supported.`);
export const duplicateDisplayName = (name: string) =>
  err(
    33131,
    16,
    `Principal '${name}' has a duplicate display name. Make the display name unique in Azure Active Directory and execute this statement again.`,
  );
export const noDirectoryReaders = (name: string) =>
  err(
    33134,
    16,
    `Principal '${name}' could not be resolved. Error message: 'Server identity does not have Azure Active Directory Readers permission. ` +
      "Please follow the steps here : https://docs.microsoft.com/en-us/azure/azure-sql/database/authentication-aad-service-principal'",
  );
export const onlyEntraCreatesEntra = (name: string) =>
  err(
    33159,
    16,
    `Principal '${name}' could not be created. Only connections established with Active Directory accounts can create other Active Directory users.`,
  );

// Transactions and sessions.
export const commitWithoutBegin = () => err(3902, 16, 'The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.');
export const rollbackWithoutBegin = () => err(3903, 16, 'The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.');
export const databaseGone = (database: string) =>
  err(911, 16, `Database '${database}' does not exist. Make sure that the name is entered correctly.`);
