#!/usr/bin/env bash
# Regenerates db/migrations/<module>.sql: idempotent SQL scripts of every module's EF Core migrations,
# for operators who apply schema changes by hand (Database__MigrateOnStartup=false) or review them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export ConnectionStrings__Platform="Host=127.0.0.1;Database=design_time_only"
export AGENTPLATFORM_Platform__DataDirectory="${TMPDIR:-/tmp}/agentplatform-design-time"
dotnet tool restore >/dev/null
host=src/Host/AgentPlatform.Host
script() { # context project output
  dotnet ef migrations script --idempotent --no-build --context "$1" --project "$2" --startup-project "$host" --output "db/migrations/$3.sql" >/dev/null
  echo "db/migrations/$3.sql"
}
dotnet build "$host" -nologo -v quiet -clp:ErrorsOnly
script UsersDbContext src/Modules/Users/AgentPlatform.Modules.Users users
script LlmDbContext src/Modules/Llm/AgentPlatform.Modules.Llm llm
script AgentsDbContext src/Modules/Agents/AgentPlatform.Modules.Agents agents
script BillingDbContext src/Modules/Billing/AgentPlatform.Modules.Billing billing
script SchedulerDbContext "$host" scheduler
