// --help: every flag, grouped the way a user thinks about them.
export const HELP = `azsql-mi-setup: give an Azure Function App passwordless access to Azure SQL through its
managed identity, then scaffold sample code that uses it.

Usage
  npx azsql-mi-setup                 ask for everything in a terminal
  npx azsql-mi-setup [flags]         skip the questions the flags answer
  npx azsql-mi-setup --demo          try it on a simulated subscription (no Azure needed)
  npx azsql-mi-setup scaffold --help write a sample project only, touching nothing in Azure

What to connect
  --subscription <id|name>   default: $AZURE_SUBSCRIPTION_ID, else the Azure CLI's default
  -g, --resource-group <rg>  the app's resource group (found by name when left out)
  --app <name>               the Function App or App Service app
  --slot <name>              a deployment slot (it has its own identity and settings)
  --identity system|<id>     system (default) or a user-assigned identity's resource id
  --server <name|id>         the SQL server, in any resource group
  --database <name>          the database (not master)

What to grant
  --roles a,b                roles to add (first run default: db_datareader,db_datawriter)
  --remove-roles a,b         roles to remove
  --user-name <name>         database user name (default: the identity's name)
  --create-user sid|external-provider
                             sid (default) needs no directory lookup
  --admin keep|me            keep (default) the server's Entra admin, or replace it with you
  --client python|node|dotnet|none
                             which AZURE_SQL_* app settings to write (default python)

Sample code
  --scaffold python|node-ts|none   write a sample function project
  --out <dir>                where (default ./<app>-sql-sample)
  --force                    write even if files would be overwritten

How to run
  --yes, -y                  apply without asking (needed without a terminal)
  --dry-run                  show the plan and change nothing
  --print-sql                print the database part as a T-SQL script for the server's
                             admin to run (for when you are not the admin); changes nothing
  --json                     print plan, outcome and verification as JSON on stdout
  --debug                    show each request and statement (never tokens) and stack traces
  --auth cli|azd|env|managed-identity|device-code
                             how to sign in (default: Azure CLI, then azd, then env)
  --cloud <name>             AzureCloud (default), AzureUSGovernment, AzureChinaCloud, or a
                             cloud listed at $ARM_CLOUD_METADATA_URL
  --sql-endpoint host:port   connect through a tunnel or private path; TLS still checks the
                             server's real name
  --demo                     simulated Azure; state kept in $AZSQL_MI_SETUP_DEMO_STATE
                             (default: <tmp>/azsql-mi-setup-demo.json)
  -h, --help   -v, --version

Exit codes: 0 done or nothing to do, 1 failed, 2 usage or bad input, 3 blocked (a decision is
needed), 130 cancelled.
`;
