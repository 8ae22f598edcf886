// The framework's floors: WebApplication.CreateBuilder (the same Kestrel defaults as the Host), no middleware.
// Listens where ASPNETCORE_URLS says; bench/run.sh sets logging to Warning.
//   GET /ping    the floor of any endpoint: a fixed small JSON.
//   POST /agents only with ConnectionStrings__Bench: the floor of any write endpoint. It reads the JSON body and
//                inserts the row the Host's POST /api/v1/agents writes (same columns, types and indexes: a table made
//                LIKE agents.agents, emptied at start) with one prepared Npgsql statement, no auth, no validation, no EF.
using System.Text.Json;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Bench");
NpgsqlDataSource? dataSource = null;
if (!string.IsNullOrEmpty(connectionString))
{
    dataSource = NpgsqlDataSource.Create(connectionString);
    await using var setup = dataSource.CreateCommand(
        "CREATE TABLE IF NOT EXISTS public.bench_bare_agents (LIKE agents.agents INCLUDING ALL); TRUNCATE public.bench_bare_agents;");
    await setup.ExecuteNonQueryAsync();
}

var app = builder.Build();

app.MapGet("/ping", () => TypedResults.Ok(new Pong(Ok: true)));

if (dataSource is not null)
{
    var owner = Guid.CreateVersion7();
    app.MapPost("/agents", async (HttpRequest request) =>
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await using var insert = dataSource.CreateCommand(
            """
            INSERT INTO public.bench_bare_agents (id, user_id, name, avatar, description, system_prompt, welcome_message, tool_ids,
              knowledge_base_ids, tool_preset_params, multi_modal, model_settings, agent_mode, enabled, published_version_id,
              latest_version_number, created_at, updated_at, deleted_at)
            VALUES ($1, $2, $3, NULL, NULL, $4, NULL, $5, $5, '{}'::jsonb, false, '{}'::jsonb, 'direct', true, NULL, NULL, $6, $6, NULL)
            RETURNING xmin
            """);
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = owner });
        insert.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = body.RootElement.GetProperty("name").GetString() });
        insert.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = body.RootElement.GetProperty("systemPrompt").GetString() });
        insert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [] });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        var version = (uint)(await insert.ExecuteScalarAsync())!;
        return TypedResults.Created($"/agents/{id}", new Created(id, version, now));
    });
}

await app.RunAsync();

/// <summary>The fixed response: <c>{ "ok": true }</c>.</summary>
internal sealed record Pong(bool Ok);

/// <summary>What the write answers: the new row's id, version and time.</summary>
internal sealed record Created(Guid Id, uint Version, DateTimeOffset CreatedAt);
